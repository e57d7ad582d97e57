#include "filter/allowlist_filter.h"

#include <algorithm>

#include "util/text.h"

namespace vigil {
namespace {

bool AnySearch(const std::vector<std::shared_ptr<const RE2>>& regexes, std::string_view text) {
  re2::StringPiece piece(text.data(), text.size());
  return std::any_of(regexes.begin(), regexes.end(),
                     [&](const std::shared_ptr<const RE2>& regex) { return RE2::PartialMatch(piece, *regex); });
}

}  // namespace

Result<AllowlistFilter::Compiled> AllowlistFilter::Compile(const Allowlist& allowlist, RegexCache& cache) {
  Compiled compiled;
  compiled.source = &allowlist;
  for (const auto& [patterns, target] : {std::pair{&allowlist.paths, &compiled.paths},
                                         std::pair{&allowlist.regexes, &compiled.regexes}}) {
    for (const std::string& pattern : *patterns) {
      std::shared_ptr<const RE2>& regex = cache[pattern];
      if (!regex) regex = std::make_shared<const RE2>(pattern, RE2::Quiet);
      if (!regex->ok()) {
        return Error{"allowlist: invalid regex '" + pattern + "': " + regex->error(), allowlist.source_file,
                     allowlist.source_line};
      }
      target->push_back(regex);
    }
  }
  return compiled;
}

Result<std::unique_ptr<AllowlistFilter>> AllowlistFilter::Create(const RuleSet& rules) {
  std::unique_ptr<AllowlistFilter> filter(new AllowlistFilter());
  // Provider rows share their value allowlists: each distinct pattern is
  // compiled once (hundreds of copies otherwise cost more than a scan's start).
  RegexCache cache;
  for (const Allowlist& allowlist : rules.allowlists()) {
    auto compiled = Compile(allowlist, cache);
    if (!compiled.ok()) return compiled.error();
    filter->global_.push_back(std::move(compiled).value());
  }
  for (const Rule& rule : rules.rules()) {
    for (const Allowlist& allowlist : rule.allowlists) {
      auto compiled = Compile(allowlist, cache);
      if (!compiled.ok()) return compiled.error();
      filter->per_rule_[&rule].push_back(std::move(compiled).value());
    }
  }
  return filter;
}

bool AllowlistFilter::Allows(const Compiled& compiled, const Finding& finding) {
  const Allowlist& allowlist = *compiled.source;
  if (!allowlist.target_rules.empty() &&
      std::find(allowlist.target_rules.begin(), allowlist.target_rules.end(), finding.rule->id) ==
          allowlist.target_rules.end()) {
    return false;
  }
  // Each criterion that is set gives a verdict; OR wants one, AND wants all.
  std::vector<bool> verdicts;
  if (!compiled.paths.empty()) verdicts.push_back(AnySearch(compiled.paths, finding.provenance.path));
  if (!compiled.regexes.empty()) {
    std::string_view target = allowlist.regex_target == Allowlist::Target::kSecret  ? finding.secret
                              : allowlist.regex_target == Allowlist::Target::kMatch ? finding.match
                                                                                    : finding.line;
    verdicts.push_back(AnySearch(compiled.regexes, target));
  }
  if (!allowlist.stopwords.empty()) {
    std::string secret = AsciiLower(finding.secret);
    verdicts.push_back(std::any_of(allowlist.stopwords.begin(), allowlist.stopwords.end(),
                                   [&](const std::string& word) { return secret.find(word) != std::string::npos; }));
  }
  if (!allowlist.commits.empty()) {
    const std::string commit = finding.provenance.git ? finding.provenance.git->commit : "";
    verdicts.push_back(!commit.empty() &&
                       std::any_of(allowlist.commits.begin(), allowlist.commits.end(), [&](const std::string& id) {
                         return !id.empty() && commit.rfind(AsciiLower(id), 0) == 0;
                       }));
  }
  if (verdicts.empty()) return false;
  return allowlist.require_all ? std::all_of(verdicts.begin(), verdicts.end(), [](bool v) { return v; })
                               : std::any_of(verdicts.begin(), verdicts.end(), [](bool v) { return v; });
}

bool AllowlistFilter::Keep(const Finding& finding) const {
  for (const Compiled& allowlist : global_) {
    if (Allows(allowlist, finding)) return false;
  }
  auto rule_lists = per_rule_.find(finding.rule);
  if (rule_lists == per_rule_.end()) return true;
  return std::none_of(rule_lists->second.begin(), rule_lists->second.end(),
                      [&](const Compiled& allowlist) { return Allows(allowlist, finding); });
}

}  // namespace vigil

#include "engine/matcher.h"

#include <algorithm>
#include <climits>
#include <optional>

#include "engine/char_model.h"
#include "engine/entropy.h"
#include "core/fingerprint.h"
#include "engine/placeholder.h"
#include "util/text.h"

namespace vigil {
namespace {

// Past this many candidate matches in one blob, windowed rules are confirmed
// over the whole blob: a file of nothing but provider names must not cost
// memory in proportion to its size.
constexpr size_t kMaxWindowHits = 1 << 16;

struct ScanContext {
  const CompiledRules& rules;
  const std::vector<uint32_t>& rule_of_id;
  std::vector<unsigned>& fired;
  std::vector<std::pair<unsigned, size_t>>& hits;  // (rule, end offset) of windowed rules
  bool& too_many_hits;
};

int OnHyperscanMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to,
                     unsigned int /*flags*/, void* context) {
  auto* scan = static_cast<ScanContext*>(context);
  uint32_t rule = id < scan->rule_of_id.size() ? scan->rule_of_id[id] : RuleDatabase::kNoRule;
  if (rule == RuleDatabase::kNoRule) return 0;
  if (!scan->rules.is_windowed(rule)) {
    scan->fired.push_back(rule);
  } else if (scan->hits.size() < kMaxWindowHits) {
    scan->hits.emplace_back(rule, static_cast<size_t>(to));
  } else {
    scan->too_many_hits = true;
    scan->fired.push_back(rule);
  }
  return 0;  // keep scanning: other rules may fire too
}

// The merged regions around one windowed rule's candidate matches.
void WindowsOf(const Rule& rule, std::span<const std::pair<unsigned, size_t>> hits, size_t size,
               std::vector<ConfirmRegion>& out) {
  out.clear();
  for (const auto& [unused, end] : hits) {
    size_t begin = end > static_cast<size_t>(rule.window_before) ? end - static_cast<size_t>(rule.window_before) : 0;
    size_t stop = std::min(size, end + static_cast<size_t>(rule.window_after));
    if (!out.empty() && begin <= out.back().end) {
      out.back().end = std::max(out.back().end, stop);
    } else {
      out.push_back(ConfirmRegion{begin, stop});
    }
  }
}

// The secret of a match: the rule's secretGroup, else the first non-empty
// group, else the whole match (gitleaks v8 semantics).
std::string_view PickSecret(const Rule& rule, const std::vector<re2::StringPiece>& groups) {
  auto view = [&](size_t i) { return std::string_view(groups[i].data(), groups[i].size()); };
  if (rule.secret_group) {
    auto group = static_cast<size_t>(*rule.secret_group);
    return group < groups.size() ? view(group) : std::string_view();
  }
  for (size_t i = 1; i < groups.size(); ++i) {
    if (!groups[i].empty()) return view(i);
  }
  return view(0);
}

bool HasKeywordNear(const Rule& rule, std::string_view bytes, size_t begin, size_t end) {
  if (rule.keywords.empty()) return true;
  size_t line_begin = bytes.rfind('\n', begin == 0 ? 0 : begin - 1);
  line_begin = (line_begin == std::string_view::npos || begin == 0) ? 0 : line_begin + 1;
  size_t line_end = bytes.find('\n', end);
  if (line_end == std::string_view::npos) line_end = bytes.size();
  std::string lines = AsciiLower(bytes.substr(line_begin, line_end - line_begin));
  return std::any_of(rule.keywords.begin(), rule.keywords.end(), [&](const std::string& keyword) {
    return lines.find(keyword) != std::string::npos;
  });
}

bool InAddedLines(const Blob& blob, int line) {
  const auto& ranges = blob.added_lines();
  if (ranges.empty()) return true;
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const LineRange& range) { return line >= range.first && line <= range.last; });
}

Span MakeSpan(const LineIndex& index, size_t begin, size_t end) {
  Span span;
  span.begin_offset = begin;
  span.end_offset = end;
  span.start_line = index.LineOf(begin);
  span.start_column = index.ColumnOf(begin);
  size_t last = end > begin ? end - 1 : begin;
  span.end_line = index.LineOf(last);
  span.end_column = index.ColumnOf(last);
  return span;
}

bool Overlaps(const Span& a, const Span& b) {
  return a.begin_offset < b.end_offset && b.begin_offset < a.end_offset;
}

bool IsGeneric(const Rule& rule) {
  return std::find(rule.tags.begin(), rule.tags.end(), "generic") != rule.tags.end();
}

// A rule tagged "password" finds secrets people chose (see placeholder.h).
bool IsPassword(const Rule& rule) {
  return std::find(rule.tags.begin(), rule.tags.end(), "password") != rule.tags.end();
}

// Drops generic findings that overlap a specific rule's finding in the same blob.
void DropShadowedGeneric(std::vector<Finding>& findings, size_t first) {
  auto begin = findings.begin() + static_cast<std::ptrdiff_t>(first);
  std::vector<Span> specific;
  for (auto it = begin; it != findings.end(); ++it) {
    if (!IsGeneric(*it->rule)) specific.push_back(it->secret_span);
  }
  if (specific.empty()) return;
  findings.erase(std::remove_if(begin, findings.end(),
                                [&](const Finding& finding) {
                                  if (!IsGeneric(*finding.rule)) return false;
                                  return std::any_of(specific.begin(), specific.end(), [&](const Span& span) {
                                    return Overlaps(span, finding.secret_span);
                                  });
                                }),
                 findings.end());
}

// Two specific rules that extract the very same secret (a GitHub token found by
// its own rule and by the .git-credentials rule) make one finding: the more
// severe rule's, or the earlier rule's on a tie.
void DropDuplicateSpans(std::vector<Finding>& findings, size_t first) {
  auto begin = findings.begin() + static_cast<std::ptrdiff_t>(first);
  std::stable_sort(begin, findings.end(), [](const Finding& a, const Finding& b) {
    if (a.secret_span.begin_offset != b.secret_span.begin_offset) {
      return a.secret_span.begin_offset < b.secret_span.begin_offset;
    }
    if (a.secret_span.end_offset != b.secret_span.end_offset) return a.secret_span.end_offset < b.secret_span.end_offset;
    return a.rule->severity > b.rule->severity;
  });
  findings.erase(std::unique(begin, findings.end(),
                             [](const Finding& a, const Finding& b) {
                               return a.secret_span.begin_offset == b.secret_span.begin_offset &&
                                      a.secret_span.end_offset == b.secret_span.end_offset;
                             }),
                 findings.end());
}

}  // namespace

Matcher::Matcher(std::shared_ptr<const CompiledRules> rules, MatcherOptions options)
    : rules_(std::move(rules)), options_(options) {
  auto scratch = rules_->NewScratch();
  if (scratch.ok()) {
    scratch_ = std::move(scratch).value();
  } else {
    status_ = scratch.error();
  }
}

Status Matcher::Scan(const Blob& blob, std::vector<Finding>& out) {
  if (!status_.ok()) return status_;
  std::string_view bytes = blob.bytes();
  if (bytes.size() > UINT_MAX) return Error{"blob too large for one scan", blob.provenance().path};
  fired_.clear();
  hits_.clear();
  bool too_many_hits = false;
  for (const RuleDatabase& database : rules_->databases()) {
    ScanContext context{*rules_, database.rule_of_id, fired_, hits_, too_many_hits};
    hs_error_t result = hs_scan(database.database.get(), bytes.data(), static_cast<unsigned>(bytes.size()), 0,
                                scratch_.get(), OnHyperscanMatch, &context);
    if (result != HS_SUCCESS) {
      return Error{"Hyperscan scan failed (code " + std::to_string(result) + ")", blob.provenance().path};
    }
  }
  rules_->AppendRulesForPath(blob.provenance().path, fired_);
  if (too_many_hits) {
    for (const auto& [rule, unused] : hits_) fired_.push_back(rule);
    hits_.clear();
  }
  std::sort(fired_.begin(), fired_.end());
  fired_.erase(std::unique(fired_.begin(), fired_.end()), fired_.end());
  size_t first = out.size();
  const ConfirmRegion whole{0, bytes.size()};
  for (unsigned rule_index : fired_) ConfirmRule(rule_index, blob, std::span<const ConfirmRegion>(&whole, 1), out);
  // Windowed rules: the regions around each candidate match, in offset order.
  std::sort(hits_.begin(), hits_.end());
  for (auto it = hits_.begin(); it != hits_.end();) {
    auto next = std::find_if(it, hits_.end(), [&](const auto& hit) { return hit.first != it->first; });
    const Rule& rule = rules_->rules().rules()[it->first];
    WindowsOf(rule, std::span(it, next), bytes.size(), regions_);
    ConfirmRule(it->first, blob, regions_, out);
    it = next;
  }
  if (options_.drop_shadowed_generic) {
    DropShadowedGeneric(out, first);
    DropDuplicateSpans(out, first);
  }
  return Status::Ok();
}

void Matcher::ScanPathOnly(const Provenance& provenance, std::vector<Finding>& out) {
  if (!rules_->has_path_only_rules()) return;
  fired_.clear();
  rules_->AppendRulesForPath(provenance.path, fired_);
  for (unsigned rule_index : fired_) {
    const Rule& rule = rules_->rules().rules()[rule_index];
    if (rule.path_only() && !rule.skip_report) AddFileFinding(rule, provenance, out);
  }
}

// A path-only rule's finding is the file: no secret, located at its start.
void Matcher::AddFileFinding(const Rule& rule, const Provenance& provenance, std::vector<Finding>& out) {
  Finding finding;
  finding.rule = &rule;
  finding.provenance = provenance;
  finding.secret_span.start_line = finding.secret_span.end_line = 1;
  finding.secret_span.start_column = finding.secret_span.end_column = 1;
  finding.match_span = finding.secret_span;
  finding.fingerprint = Fingerprint(rule.id, provenance.path, "");
  out.push_back(std::move(finding));
}

void Matcher::ConfirmRule(size_t rule_index, const Blob& blob, std::span<const ConfirmRegion> regions,
                          std::vector<Finding>& out) {
  const Rule& rule = rules_->rules().rules()[rule_index];
  if (rule.skip_report) return;
  if (rule.path_only()) {
    if (InAddedLines(blob, 1) || blob.bytes().empty()) AddFileFinding(rule, blob.provenance(), out);
    return;
  }
  std::optional<LineIndex> lines;  // built on the first finding only
  for (const ConfirmRegion& region : regions) ConfirmInRegion(rule, blob, region, lines, out);
}

void Matcher::ConfirmInRegion(const Rule& rule, const Blob& blob, const ConfirmRegion& region,
                              std::optional<LineIndex>& lines, std::vector<Finding>& out) {
  const size_t rule_index = static_cast<size_t>(&rule - rules_->rules().rules().data());

  const RE2& regex = rules_->regex(rule_index);
  std::string_view bytes = blob.bytes();
  std::vector<re2::StringPiece> groups(static_cast<size_t>(regex.NumberOfCapturingGroups()) + 1);
  size_t position = region.begin;
  // RE2 sees the whole blob as context, so ^, $ and \b at a region's edges
  // mean what they mean in the blob.
  while (position <= region.end &&
         regex.Match(re2::StringPiece(bytes.data(), bytes.size()), position, region.end, RE2::UNANCHORED, groups.data(),
                     static_cast<int>(groups.size()))) {
    std::string_view match(groups[0].data(), groups[0].size());
    size_t match_begin = static_cast<size_t>(match.data() - bytes.data());
    size_t match_end = match_begin + match.size();
    position = match.empty() ? match_end + 1 : match_end;

    std::string_view secret = PickSecret(rule, groups);
    if (secret.empty() || secret.data() == nullptr) continue;
    size_t secret_begin = static_cast<size_t>(secret.data() - bytes.data());
    double entropy = ShannonEntropy(secret);
    if (entropy < rule.entropy) continue;
    double randomness = rule.randomness > 0 ? CharModel::Default().Randomness(secret) : 0.0;
    if (randomness < rule.randomness) continue;
    if (LooksLikePlaceholder(secret, IsPassword(rule) ? SecretKind::kPassword : SecretKind::kKey)) continue;
    if (!HasKeywordNear(rule, bytes, match_begin, match_end)) continue;

    if (!lines) lines.emplace(bytes);
    Finding finding;
    finding.secret_span = MakeSpan(*lines, secret_begin, secret_begin + secret.size());
    if (!InAddedLines(blob, finding.secret_span.start_line)) continue;
    finding.rule = &rule;
    finding.provenance = blob.provenance();
    finding.match_span = MakeSpan(*lines, match_begin, match_end);
    finding.secret = std::string(secret);
    finding.match = std::string(match);
    finding.line = std::string(lines->LineText(finding.secret_span.start_line));
    if (finding.match_span.end_line != finding.secret_span.start_line) {
      finding.end_line = std::string(lines->LineText(finding.match_span.end_line));
    }
    finding.entropy = entropy;
    finding.randomness = randomness;
    finding.fingerprint = Fingerprint(rule.id, blob.provenance().path, secret);
    out.push_back(std::move(finding));
  }
}

}  // namespace vigil

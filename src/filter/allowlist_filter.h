// AllowlistFilter: drops findings that a global or per-rule allowlist
// matches (paths, regexes on the secret, match or line, stopwords, commits;
// condition OR or AND). Regexes are compiled once; Keep is const and safe
// from many threads.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "filter/filter.h"
#include "rules/rule.h"
#include "util/status.h"

namespace vigil {

class AllowlistFilter : public FindingFilter {
 public:
  // Fails when a regex does not compile (naming the allowlist's file and line).
  static Result<std::unique_ptr<AllowlistFilter>> Create(const RuleSet& rules);

  std::string name() const override { return "allowlist"; }
  bool Keep(const Finding& finding) const override;
  bool empty() const { return global_.empty() && per_rule_.empty(); }

 private:
  struct Compiled {
    const Allowlist* source = nullptr;
    std::vector<std::shared_ptr<const RE2>> paths;
    std::vector<std::shared_ptr<const RE2>> regexes;
  };
  using RegexCache = std::unordered_map<std::string, std::shared_ptr<const RE2>>;
  static Result<Compiled> Compile(const Allowlist& allowlist, RegexCache& cache);
  static bool Allows(const Compiled& allowlist, const Finding& finding);

  AllowlistFilter() = default;
  std::vector<Compiled> global_;
  std::unordered_map<const Rule*, std::vector<Compiled>> per_rule_;
};

}  // namespace vigil

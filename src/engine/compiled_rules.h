// CompiledRules: a RuleSet turned into one Hyperscan block-mode database plus
// one RE2 per rule (and per `path`). Immutable after Compile; every method is
// const and safe to call from many threads at once. Matchers share it through
// a shared_ptr and allocate their own Hyperscan scratch from it.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "util/status.h"

namespace vigil {

struct HsDatabaseDeleter {
  void operator()(hs_database_t* database) const { hs_free_database(database); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* scratch) const { hs_free_scratch(scratch); }
};
using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseDeleter>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchDeleter>;

class CompiledRules {
 public:
  // Compiles every rule. A rule that RE2 or Hyperscan rejects is an Error
  // naming the rule, its file and line. Hyperscan compiles a pattern exactly
  // when it can and in prefilter mode (a superset, confirmed by RE2) otherwise.
  static Result<std::shared_ptr<const CompiledRules>> Compile(RuleSet rules);

  const RuleSet& rules() const { return rules_; }
  const hs_database_t* database() const { return database_.get(); }
  const RE2& regex(size_t rule_index) const { return *regexes_[rule_index]; }
  const RE2* path_regex(size_t rule_index) const { return path_regexes_[rule_index].get(); }
  bool is_prefilter(size_t rule_index) const { return prefilter_[rule_index]; }

  // A new scratch for one thread.
  Result<HsScratch> NewScratch() const;

 private:
  CompiledRules() = default;

  RuleSet rules_;
  HsDatabase database_;
  HsScratch prototype_scratch_;
  std::vector<std::unique_ptr<RE2>> regexes_;
  std::vector<std::unique_ptr<RE2>> path_regexes_;
  std::vector<bool> prefilter_;
};

// RE2 options for rule patterns: bytes as Latin-1, so RE2 sees the same
// characters as Hyperscan and invalid UTF-8 cannot hide a match.
RE2::Options RuleRegexOptions();

}  // namespace vigil

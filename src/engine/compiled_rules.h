// CompiledRules: a RuleSet turned into one Hyperscan block-mode database plus
// one RE2 per rule (and per `path`). Immutable after Compile; every method is
// const and safe to call from many threads at once. Matchers share it through
// a shared_ptr and allocate their own Hyperscan scratch from it.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <cstdint>
#include <mutex>
#include <optional>
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

// The default pack's database, compiled at build time, with the rules it was
// built from. Loading it (about 2 ms for 1.5 MB) is apart from Compile so a
// command can do it while it starts libgit2.
struct PrecompiledPack {
  RuleSet rules;
  std::shared_ptr<hs_database_t> database;  // null when the bytes were not a database for `rules`
  std::vector<bool> prefilter;              // of each rule
  std::vector<std::string> patterns;        // what Hyperscan was given for each rule

  static PrecompiledPack Load(RuleSet rules, std::string_view database_bytes);
};

struct CompileOptions {
  std::string cache_dir;  // where compiled databases are kept; empty: no cache
  // The rules being compiled that the precompiled pack has (same id, same
  // Hyperscan pattern) are searched with its database, so a config that adds
  // a rule to the pack compiles that one rule, not the pack.
  const PrecompiledPack* precompiled = nullptr;
};

// One Hyperscan database and the rule each of its pattern ids stands for.
struct RuleDatabase {
  static constexpr uint32_t kNoRule = UINT32_MAX;  // e.g. a default rule a config disabled
  std::shared_ptr<hs_database_t> database;
  std::vector<uint32_t> rule_of_id;
};

class CompiledRules {
 public:
  // Compiles every rule. A rule that RE2 or Hyperscan rejects is an Error
  // naming the rule, its file and line. Hyperscan compiles a pattern exactly
  // when it can and in prefilter mode (a superset, confirmed by RE2) otherwise.
  // Rules the precompiled database has are not compiled again; for the rest
  // a cached database is loaded when there is one.
  static Result<std::shared_ptr<const CompiledRules>> Compile(RuleSet rules, const CompileOptions& options = {});

  // The Hyperscan inputs of `rules`: candidate patterns and their flags, and
  // the key of the database they compile to (see database_cache.h).
  static std::string DatabaseKeyFor(const RuleSet& rules);

  const RuleSet& rules() const { return rules_; }
  // The databases to scan, each mapping its ids to rules: the precompiled one
  // and one for the other rules, or just one. Empty when every rule is bound
  // to a path.
  const std::vector<RuleDatabase>& databases() const { return databases_; }
  // Rules with a `path`, in index order. They are not in the database: the
  // matcher confirms them on the blobs whose path matches.
  const std::vector<size_t>& path_bound_rules() const { return path_bound_; }
  // Appends the path-bound rules whose `path` matches `path`: one RE2::Set
  // pass over the path, not one regex per rule per blob. Thread-safe.
  void AppendRulesForPath(std::string_view path, std::vector<unsigned>& out) const;
  // Whether any path-bound rule applies to `path`. Thread-safe.
  bool HasRulesForPath(std::string_view path) const;
  // Whether some rule flags files by their path alone (Rule::path_only).
  bool has_path_only_rules() const { return has_path_only_; }
  // RE2 objects are built on first use: most rules never fire in a small
  // scan, and building all of them costs more than the scan. Thread-safe.
  const RE2& regex(size_t rule_index) const;
  const RE2* path_regex(size_t rule_index) const;
  bool is_prefilter(size_t rule_index) const { return prefilter_[rule_index]; }
  // Whether RE2 confirms the rule only around its candidate's matches
  // (Rule::window_before/after; never for a prefiltered pattern, whose
  // reported offsets need not be the candidate's).
  bool is_windowed(size_t rule_index) const { return windowed_[rule_index]; }

  // A new scratch for one thread (null when there is no database).
  Result<HsScratch> NewScratch() const;

 private:
  CompiledRules() = default;

  // Built apart: path-bound rules check their path on every blob, and their
  // content regex is needed only where the path matches.
  struct LazyRegexes {
    std::once_flag regex_once;
    std::unique_ptr<RE2> regex;
    std::once_flag path_once;
    std::unique_ptr<RE2> path;  // null when the rule has no `path`
  };
  // Builds the RE2 objects of these rules and checks them and their secretGroup.
  Status ValidateRegexes(const std::vector<size_t>& rule_indexes) const;

  struct PrecompiledPart {
    RuleDatabase database;
    std::vector<size_t> covered;    // rules it searches for
    std::vector<bool> prefilter;    // of each covered rule
    std::vector<size_t> unchecked;  // covered rules whose regex the build did not check
  };
  std::optional<PrecompiledPart> MapPrecompiled(const CompileOptions& options) const;

  RuleSet rules_;
  std::vector<RuleDatabase> databases_;
  HsScratch prototype_scratch_;
  std::vector<std::unique_ptr<LazyRegexes>> regexes_;
  std::vector<bool> prefilter_;
  std::vector<bool> windowed_;
  std::vector<size_t> path_bound_;
  bool has_path_only_ = false;
  struct PathSet {
    std::once_flag once;
    std::unique_ptr<RE2::Set> set;  // null: a path regex did not fit, check them one by one
    std::vector<size_t> rule_of;    // set index -> rule index
  };
  std::unique_ptr<PathSet> path_set_ = std::make_unique<PathSet>();
};

// RE2 options for rule patterns: bytes as Latin-1, so RE2 sees the same
// characters as Hyperscan and invalid UTF-8 cannot hide a match.
RE2::Options RuleRegexOptions();

}  // namespace vigil

#include "engine/compiled_rules.h"

#include <algorithm>
#include <unordered_map>

#include "engine/candidate_pattern.h"
#include "engine/database_cache.h"

namespace vigil {
namespace {

Error RuleError(const Rule& rule, const std::string& message) {
  return Error{"rule '" + rule.id + "': " + message, rule.source_file, rule.source_line};
}

// One multi-pattern compile. On failure returns the index of the offending
// expression (or -1 when the error is not about one expression) and the message.
struct CompileAttempt {
  HsDatabase database;
  int failed_expression = -1;
  std::string message;
};

CompileAttempt TryCompile(const std::vector<const char*>& patterns,
                          const std::vector<unsigned>& flags, const std::vector<unsigned>& ids) {
  CompileAttempt attempt;
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t status = hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK,
                                       nullptr, &database, &error);
  if (status == HS_SUCCESS) {
    attempt.database.reset(database);
    return attempt;
  }
  attempt.failed_expression = error != nullptr ? error->expression : -1;
  attempt.message = error != nullptr ? error->message : "hs_compile_multi failed";
  hs_free_compile_error(error);
  return attempt;
}

}  // namespace

RE2::Options RuleRegexOptions() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

namespace {

// Hyperscan's inputs for a rule set: a widened copy of each regex, or of its
// `candidate` when it has one (see candidate_pattern.h), each reporting once
// per blob. A rule bound to a `path` stays out of the database: it applies to
// few files, and a path rule's regex (a .pgpass line, an ini key) often has no
// literal for Hyperscan to look for, which would slow the pass over every
// other file. Its entry, never given to Hyperscan, holds its regex and path
// with no flags, so the database key still changes when they do (a stored
// database vouches for the regexes of the rules it was built from).
bool InHyperscanPass(const Rule& rule) { return !rule.path.has_value(); }

struct CandidateSet {
  std::vector<std::string> patterns;
  std::vector<unsigned> flags;
  std::vector<bool> in_database;
};

CandidateSet Candidates(const std::vector<Rule>& rules) {
  CandidateSet set;
  for (const Rule& rule : rules) {
    bool in_database = InHyperscanPass(rule);
    set.patterns.push_back(in_database ? WidenRepeats(rule.candidate.value_or(rule.regex))
                                       : rule.regex + std::string(1, '\0') + *rule.path);
    // A windowed rule needs every place its candidate matches, not just one.
    set.flags.push_back(!in_database ? 0u : rule.window_after > 0 ? 0u : HS_FLAG_SINGLEMATCH);
    set.in_database.push_back(in_database);
  }
  return set;
}

// Compiles, retrying in prefilter mode each expression Hyperscan cannot do
// exactly; each retry fixes one expression, so this ends. A set without a
// rule for Hyperscan gives no database.
Result<StoredDatabase> CompileDatabase(const std::vector<Rule>& rules, CandidateSet set) {
  std::vector<const char*> patterns;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!set.in_database[i]) continue;
    patterns.push_back(set.patterns[i].c_str());
    flags.push_back(set.flags[i]);
    ids.push_back(static_cast<unsigned>(i));
  }
  StoredDatabase stored;
  stored.prefilter.assign(rules.size(), false);
  if (patterns.empty()) return stored;
  while (true) {
    CompileAttempt attempt = TryCompile(patterns, flags, ids);
    if (attempt.database) {
      stored.database = std::move(attempt.database);
      for (size_t i = 0; i < ids.size(); ++i) stored.prefilter[ids[i]] = (flags[i] & HS_FLAG_PREFILTER) != 0;
      return stored;
    }
    int index = attempt.failed_expression;
    if (index < 0 || static_cast<size_t>(index) >= ids.size()) {
      return Error{"Hyperscan cannot compile the rule set: " + attempt.message};
    }
    if (flags[index] & HS_FLAG_PREFILTER) {
      return RuleError(rules[ids[index]], "Hyperscan cannot compile the regex: " + attempt.message);
    }
    flags[index] |= HS_FLAG_PREFILTER;
  }
}

}  // namespace

std::string CompiledRules::DatabaseKeyFor(const RuleSet& rules) {
  CandidateSet set = Candidates(rules.rules());
  return DatabaseKey(set.patterns, set.flags);
}

PrecompiledPack PrecompiledPack::Load(RuleSet rules, std::string_view database_bytes) {
  PrecompiledPack pack;
  CandidateSet set = Candidates(rules.rules());
  auto stored = DeserializeDatabase(database_bytes, DatabaseKey(set.patterns, set.flags), rules.size());
  if (stored && stored->database) {
    pack.database = std::shared_ptr<hs_database_t>(stored->database.release(), hs_free_database);
    pack.prefilter = std::move(stored->prefilter);
  }
  pack.rules = std::move(rules);
  pack.patterns = std::move(set.patterns);
  return pack;
}

// The precompiled database, mapped onto `rules`: a pattern id stands for the
// rule with the same id and the same Hyperscan pattern, or for no rule.
std::optional<CompiledRules::PrecompiledPart> CompiledRules::MapPrecompiled(const CompileOptions& options) const {
  if (options.precompiled == nullptr || !options.precompiled->database) return std::nullopt;
  const PrecompiledPack& pack = *options.precompiled;
  const std::vector<Rule>& base = pack.rules.rules();
  std::unordered_map<std::string_view, size_t> base_index;
  for (size_t i = 0; i < base.size(); ++i) base_index.emplace(base[i].id, i);

  const std::vector<Rule>& rules = rules_.rules();
  PrecompiledPart part;
  part.database.rule_of_id.assign(base.size(), RuleDatabase::kNoRule);
  for (size_t i = 0; i < rules.size(); ++i) {
    auto found = base_index.find(rules[i].id);
    if (found == base_index.end()) continue;
    size_t j = found->second;
    const Rule& rule = rules[i];
    // Unchanged sources give the same pattern; otherwise compare what Hyperscan
    // would get (a path-bound rule's entry holds its regex and path).
    bool same_source = rule.regex == base[j].regex && rule.candidate == base[j].candidate && rule.path == base[j].path;
    if (!same_source && Candidates({rule}).patterns.front() != pack.patterns[j]) continue;
    bool in_database = InHyperscanPass(rule);
    if (in_database) part.database.rule_of_id[j] = static_cast<uint32_t>(i);
    part.covered.push_back(i);
    part.prefilter.push_back(in_database && pack.prefilter[j]);
    // Same Hyperscan pattern, but a rule overriding a default one may still
    // have its own regex: the build did not check that one.
    if (rule.regex != base[j].regex || rule.secret_group != base[j].secret_group) part.unchecked.push_back(i);
  }
  if (part.covered.empty()) return std::nullopt;
  // A database none of whose patterns stands for a rule would be scanned for nothing.
  bool searches_any = std::any_of(part.database.rule_of_id.begin(), part.database.rule_of_id.end(),
                                  [](uint32_t rule) { return rule != RuleDatabase::kNoRule; });
  if (searches_any) part.database.database = pack.database;
  return part;
}

Result<std::shared_ptr<const CompiledRules>> CompiledRules::Compile(RuleSet rule_set, const CompileOptions& options) {
  std::shared_ptr<CompiledRules> compiled(new CompiledRules());
  compiled->rules_ = std::move(rule_set);
  const std::vector<Rule>& rules = compiled->rules_.rules();
  if (rules.empty()) return Error{"no rules to compile"};
  for (size_t i = 0; i < rules.size(); ++i) compiled->regexes_.push_back(std::make_unique<LazyRegexes>());
  compiled->prefilter_.assign(rules.size(), false);

  // One scratch serves every database it was allocated for. Allocating it
  // also tells whether a stored database runs here: one built for other CPU
  // features deserializes but cannot allocate scratch (and leaves it as it was).
  HsScratch scratch;
  auto runnable = [&](const hs_database_t* database) {
    hs_scratch_t* grown = scratch.release();
    bool ok = hs_alloc_scratch(database, &grown) == HS_SUCCESS;
    scratch.reset(grown);
    return ok;
  };

  // Rules the precompiled database (the default pack's) already searches for.
  std::vector<bool> covered(rules.size(), false);
  auto part = compiled->MapPrecompiled(options);
  if (part && part->database.database && !runnable(part->database.database.get())) part.reset();
  if (part) {
    Status valid = compiled->ValidateRegexes(part->unchecked);
    if (!valid.ok()) return valid.error();
    for (size_t k = 0; k < part->covered.size(); ++k) {
      covered[part->covered[k]] = true;
      compiled->prefilter_[part->covered[k]] = part->prefilter[k];
    }
    if (part->database.database) compiled->databases_.push_back(std::move(part->database));
  }

  // The rest (all of them without a precompiled database; a config's own
  // rules with one) in a database of their own, from the cache or compiled.
  std::vector<size_t> rest;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!covered[i]) rest.push_back(i);
  }
  if (!rest.empty()) {
    std::vector<Rule> subset;
    subset.reserve(rest.size());
    for (size_t i : rest) subset.push_back(rules[i]);
    CandidateSet candidates = Candidates(subset);
    const std::string key = DatabaseKey(candidates.patterns, candidates.flags);
    DatabaseCache cache(options.cache_dir);
    std::optional<StoredDatabase> stored = cache.Load(key, subset.size());
    if (stored && (!stored->database || !runnable(stored->database.get()))) stored.reset();
    if (!stored) {
      // A stored database proves its rules compiled before; fresh rules are
      // checked here, so a bad regex is reported as such.
      Status valid = compiled->ValidateRegexes(rest);
      auto fresh = valid.ok() ? CompileDatabase(subset, std::move(candidates)) : Result<StoredDatabase>(valid.error());
      if (!fresh.ok()) return fresh.error();
      if (fresh.value().database && !runnable(fresh.value().database.get())) {
        return Error{"cannot allocate Hyperscan scratch space"};
      }
      stored = std::move(fresh).value();
      if (stored->database) cache.Store(key, stored->database.get(), stored->prefilter);
    }
    if (stored->database) {
      RuleDatabase database;
      database.database = std::shared_ptr<hs_database_t>(stored->database.release(), hs_free_database);
      for (size_t k = 0; k < rest.size(); ++k) {
        database.rule_of_id.push_back(static_cast<uint32_t>(rest[k]));
        compiled->prefilter_[rest[k]] = stored->prefilter[k];
      }
      compiled->databases_.push_back(std::move(database));
    }
  }
  compiled->prototype_scratch_ = std::move(scratch);
  compiled->windowed_.assign(rules.size(), false);
  for (size_t i = 0; i < rules.size(); ++i) {
    compiled->windowed_[i] = InHyperscanPass(rules[i]) && rules[i].window_after > 0 && !compiled->prefilter_[i];
  }
  for (size_t i = 0; i < rules.size(); ++i) {
    if (!InHyperscanPass(rules[i])) compiled->path_bound_.push_back(i);
    if (rules[i].path_only()) compiled->has_path_only_ = true;
  }
  return std::shared_ptr<const CompiledRules>(std::move(compiled));
}

const RE2& CompiledRules::regex(size_t rule_index) const {
  LazyRegexes& slot = *regexes_[rule_index];
  std::call_once(slot.regex_once, [&] {
    slot.regex = std::make_unique<RE2>(rules_.rules()[rule_index].regex, RuleRegexOptions());
  });
  return *slot.regex;
}

const RE2* CompiledRules::path_regex(size_t rule_index) const {
  LazyRegexes& slot = *regexes_[rule_index];
  std::call_once(slot.path_once, [&] {
    const Rule& rule = rules_.rules()[rule_index];
    if (rule.path) slot.path = std::make_unique<RE2>(*rule.path, RuleRegexOptions());
  });
  return slot.path.get();
}

bool CompiledRules::HasRulesForPath(std::string_view path) const {
  std::vector<unsigned> matched;
  AppendRulesForPath(path, matched);
  return !matched.empty();
}

void CompiledRules::AppendRulesForPath(std::string_view path, std::vector<unsigned>& out) const {
  if (path_bound_.empty()) return;
  PathSet& paths = *path_set_;
  std::call_once(paths.once, [&] {
    auto set = std::make_unique<RE2::Set>(RuleRegexOptions(), RE2::UNANCHORED);
    for (size_t i : path_bound_) {
      if (set->Add(*rules_.rules()[i].path, nullptr) < 0) return;
      paths.rule_of.push_back(i);
    }
    if (set->Compile()) paths.set = std::move(set);
  });
  if (paths.set) {
    std::vector<int> matched;
    if (paths.set->Match(re2::StringPiece(path.data(), path.size()), &matched)) {
      for (int index : matched) out.push_back(static_cast<unsigned>(paths.rule_of[static_cast<size_t>(index)]));
    }
    return;
  }
  for (size_t i : path_bound_) {
    const RE2* regex = path_regex(i);
    if (regex != nullptr && RE2::PartialMatch(re2::StringPiece(path.data(), path.size()), *regex)) {
      out.push_back(static_cast<unsigned>(i));
    }
  }
}

Status CompiledRules::ValidateRegexes(const std::vector<size_t>& rule_indexes) const {
  for (size_t i : rule_indexes) {
    const Rule& rule = rules_.rules()[i];
    if (!rule.path_only()) {
      const RE2& content = regex(i);
      if (!content.ok()) {
        return Error{"rule '" + rule.id + "': invalid regex: " + content.error(), rule.source_file,
                     rule.regex_line > 0 ? rule.regex_line : rule.source_line, rule.regex_column};
      }
      int groups = content.NumberOfCapturingGroups();
      if (rule.secret_group && *rule.secret_group > groups) {
        return RuleError(rule, "secretGroup " + std::to_string(*rule.secret_group) + " but the regex has " +
                                   std::to_string(groups) + " groups");
      }
    }
    const RE2* path = path_regex(i);
    if (path != nullptr && !path->ok()) {
      return Error{"rule '" + rule.id + "': invalid path regex: " + path->error(), rule.source_file,
                   rule.path_line > 0 ? rule.path_line : rule.source_line, rule.path_column};
    }
  }
  return Status::Ok();
}

Result<HsScratch> CompiledRules::NewScratch() const {
  if (!prototype_scratch_) return HsScratch();
  hs_scratch_t* scratch = nullptr;
  if (hs_clone_scratch(prototype_scratch_.get(), &scratch) != HS_SUCCESS) {
    return Error{"cannot allocate Hyperscan scratch space"};
  }
  return HsScratch(scratch);
}

}  // namespace vigil

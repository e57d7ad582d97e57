#include "engine/compiled_rules.h"

#include "engine/candidate_pattern.h"

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

Result<std::shared_ptr<const CompiledRules>> CompiledRules::Compile(RuleSet rule_set) {
  std::shared_ptr<CompiledRules> compiled(new CompiledRules());
  compiled->rules_ = std::move(rule_set);
  const std::vector<Rule>& rules = compiled->rules_.rules();
  if (rules.empty()) return Error{"no rules to compile"};

  for (const Rule& rule : rules) {
    auto regex = std::make_unique<RE2>(rule.regex, RuleRegexOptions());
    if (!regex->ok()) return RuleError(rule, "invalid regex: " + regex->error());
    int groups = regex->NumberOfCapturingGroups();
    if (rule.secret_group && *rule.secret_group > groups) {
      return RuleError(rule, "secretGroup " + std::to_string(*rule.secret_group) +
                                 " but the regex has " + std::to_string(groups) + " groups");
    }
    compiled->regexes_.push_back(std::move(regex));
    std::unique_ptr<RE2> path;
    if (rule.path) {
      path = std::make_unique<RE2>(*rule.path, RuleRegexOptions());
      if (!path->ok()) return RuleError(rule, "invalid path regex: " + path->error());
    }
    compiled->path_regexes_.push_back(std::move(path));
  }

  // Hyperscan compiles a widened copy of each regex (see candidate_pattern.h).
  std::vector<std::string> candidates;
  for (const Rule& rule : rules) candidates.push_back(WidenRepeats(rule.regex));
  std::vector<const char*> patterns;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    patterns.push_back(candidates[i].c_str());
    flags.push_back(HS_FLAG_SINGLEMATCH);
    ids.push_back(static_cast<unsigned>(i));
  }
  // Retry with prefilter mode for each expression Hyperscan cannot do exactly;
  // each retry fixes one expression, so this ends.
  while (true) {
    CompileAttempt attempt = TryCompile(patterns, flags, ids);
    if (attempt.database) {
      compiled->database_ = std::move(attempt.database);
      break;
    }
    int index = attempt.failed_expression;
    if (index < 0 || static_cast<size_t>(index) >= rules.size()) {
      return Error{"Hyperscan cannot compile the rule set: " + attempt.message};
    }
    if (flags[index] & HS_FLAG_PREFILTER) {
      return RuleError(rules[index], "Hyperscan cannot compile the regex: " + attempt.message);
    }
    flags[index] |= HS_FLAG_PREFILTER;
  }
  for (unsigned flag : flags) compiled->prefilter_.push_back((flag & HS_FLAG_PREFILTER) != 0);

  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(compiled->database_.get(), &scratch) != HS_SUCCESS) {
    return Error{"cannot allocate Hyperscan scratch space"};
  }
  compiled->prototype_scratch_.reset(scratch);
  return std::shared_ptr<const CompiledRules>(std::move(compiled));
}

Result<HsScratch> CompiledRules::NewScratch() const {
  hs_scratch_t* scratch = nullptr;
  if (hs_clone_scratch(prototype_scratch_.get(), &scratch) != HS_SUCCESS) {
    return Error{"cannot allocate Hyperscan scratch space"};
  }
  return HsScratch(scratch);
}

}  // namespace vigil

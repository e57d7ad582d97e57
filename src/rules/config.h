// Config: what one TOML document (the default pack files, `.vigil.toml`, a
// gitleaks-style `--config`) says, before it is merged into a RuleSet.
//
// Parsing is strict: a syntax error, an unknown key or a value of the wrong
// type is an Error naming the file, line and column, never skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"
#include "util/status.h"

namespace vigil {

struct Config {
  std::vector<Rule> rules;
  std::vector<Allowlist> allowlists;        // [[allowlists]] and gitleaks' older [allowlist]
  bool use_default = false;                 // [extend] useDefault = true
  std::string extend_path;                  // [extend] path: a base config, relative to this one
  int extend_path_line = 0;
  int extend_path_column = 0;
  std::vector<std::string> disabled_rules;  // [extend] disabledRules
};

// `source_name` names the document in errors and in each rule's source_file.
Result<Config> ParseConfig(std::string_view toml_text, const std::string& source_name);

// How much of each rule to load. Examples are only read by `rules check`, and
// parsing them is most of a scan's start-up, so scans load without them.
enum class RuleDetail { kFull, kWithoutExamples };

// How to load rules: how much of each, and the default pack when the caller
// has it ready (the vigil binary decodes its build-time copy, rule_codec.h,
// rather than parse TOML). That copy has no examples, so it stands in only
// for RuleDetail::kWithoutExamples.
struct RuleLoadOptions {
  RuleLoadOptions(RuleDetail detail = RuleDetail::kFull, const RuleSet* default_pack = nullptr)
      : detail(detail), default_pack(default_pack) {}
  RuleDetail detail;
  const RuleSet* default_pack;
};

// The default pack: every embedded rules/*.toml, merged; ids must be unique.
Result<RuleSet> LoadDefaultRules(RuleDetail detail = RuleDetail::kFull);

// `toml` without its `examples = [...]` and `negativeExamples = [...]` arrays
// (a line scan, far cheaper than parsing them).
std::string WithoutExamples(std::string_view toml);

// The rule set for a scan: `config_path` when given, else `<scan_root>/.vigil.toml`
// when it exists, else the default pack. A config replaces the defaults unless it
// says [extend] useDefault = true; its rules then override default rules with the
// same id.
Result<RuleSet> LoadRuleSet(const std::string& config_path, const std::string& scan_root,
                            const RuleLoadOptions& options = {});

}  // namespace vigil

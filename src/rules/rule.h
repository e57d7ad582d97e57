// Rule and RuleSet: the detection rules as data, after loading and before
// compilation. A RuleSet is immutable once built; share it by const reference.
//
// Field names follow gitleaks v8 where the concept is the same (id, regex,
// secretGroup, entropy, keywords, path, tags) so configs port both ways.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };

std::string_view SeverityName(Severity severity);              // "high"
std::optional<Severity> ParseSeverity(std::string_view name);  // case-insensitive

// A sample for `vigil rules check`. A positive example must be found (and,
// when `secret` is set, yield exactly that secret); a negative one must not.
// `path` names the sample's file for rules with a `path` regex.
struct RuleExample {
  std::string text;
  std::optional<std::string> secret;
  std::optional<std::string> path;
};

struct Rule {
  std::string id;
  std::string description;
  std::string regex;                      // RE2 syntax
  std::optional<int> secret_group;        // unset: first non-empty group, else whole match
  double entropy = 0.0;                   // minimum Shannon entropy (bits/char); 0 = no check
  std::vector<std::string> keywords;      // lower-cased; one must be on the match's lines
  std::optional<std::string> path;        // RE2 on the path; rule applies only where it matches
  std::vector<std::string> tags;
  Severity severity = Severity::kMedium;
  std::string remediation;
  std::vector<RuleExample> examples;
  std::vector<RuleExample> negative_examples;

  // Where the rule was defined, for error messages.
  std::string source_file;
  int source_line = 0;
};

class RuleSet {
 public:
  RuleSet() = default;
  explicit RuleSet(std::vector<Rule> rules) : rules_(std::move(rules)) {}

  const std::vector<Rule>& rules() const { return rules_; }
  size_t size() const { return rules_.size(); }
  const Rule* Find(std::string_view id) const;

 private:
  std::vector<Rule> rules_;
};

}  // namespace vigil

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

// An allowlist: findings it matches are not reported (gitleaks v8 fields).
// With condition OR, any criterion that is set allows a finding; with AND,
// every criterion that is set must match.
struct Allowlist {
  enum class Target { kSecret, kMatch, kLine };

  std::string description;
  std::vector<std::string> paths;        // RE2, searched in the finding's path
  std::vector<std::string> regexes;      // RE2, searched in the regex_target
  Target regex_target = Target::kSecret;
  std::vector<std::string> stopwords;    // lower-cased; searched in the secret
  std::vector<std::string> commits;      // commit ids (a prefix is enough)
  bool require_all = false;              // condition = "AND"
  std::vector<std::string> target_rules; // global allowlists only; empty: every rule

  std::string source_file;
  int source_line = 0;
};

struct Rule {
  std::string id;
  std::string description;
  std::string regex;                      // RE2 syntax; empty for a path-only rule
  // A looser pattern for the shared Hyperscan pass, for a regex that starts
  // without any literal (which slows that pass over every file). Must match
  // wherever `regex` does; RE2 still confirms with `regex`.
  std::optional<std::string> candidate;
  std::optional<int> secret_group;        // unset: first non-empty group, else whole match
  double entropy = 0.0;                   // minimum Shannon entropy (bits/char); 0 = no check
  // Minimum CharModel::Randomness of the secret (engine/char_model.h): how
  // unlike text people write it is, 1.5 and more for machine-made values.
  // 0 = no check. A vigil field; gitleaks has only `entropy`.
  double randomness = 0.0;
  std::vector<std::string> keywords;      // lower-cased; one must be on the match's lines
  std::optional<std::string> path;        // RE2 on the path; rule applies only where it matches
  std::vector<std::string> tags;
  Severity severity = Severity::kMedium;
  std::string remediation;
  std::vector<RuleExample> examples;
  std::vector<RuleExample> negative_examples;
  std::vector<Allowlist> allowlists;
  bool skip_report = false;               // gitleaks `skipReport`: matched, never reported
  // When both are set, every match of `regex` lies within window_before bytes
  // before and window_after bytes after a match of `candidate` (the name a
  // [[providers]] row starts with), so RE2 confirms only around the places
  // Hyperscan reports instead of over the whole blob. 0: the whole blob.
  int window_before = 0;
  int window_after = 0;

  // Where the rule was defined, for error messages: its table, and its
  // `regex` and `path` values.
  std::string source_file;
  int source_line = 0;
  int regex_line = 0;
  int regex_column = 0;
  int path_line = 0;
  int path_column = 0;

  // A rule with a `path` and no `regex` flags the file itself (a committed
  // keystore, a .env file): any file whose path matches is a finding, whatever
  // its content, binary and huge files included (gitleaks allows these too).
  bool path_only() const { return regex.empty() && path.has_value(); }
};

class RuleSet {
 public:
  RuleSet() = default;
  explicit RuleSet(std::vector<Rule> rules, std::vector<Allowlist> allowlists = {})
      : rules_(std::move(rules)), allowlists_(std::move(allowlists)) {}

  const std::vector<Rule>& rules() const { return rules_; }
  // Global allowlists, applied to every rule (or to their target_rules).
  const std::vector<Allowlist>& allowlists() const { return allowlists_; }
  size_t size() const { return rules_.size(); }
  const Rule* Find(std::string_view id) const;

 private:
  std::vector<Rule> rules_;
  std::vector<Allowlist> allowlists_;
};

}  // namespace vigil

// Rules, findings and git origins shared by the reporter tests. Secrets are
// made at test time, so the repository holds nothing token-shaped.
#pragma once

#include <string>
#include <utility>

#include "core/finding.h"
#include "rules/rule.h"

namespace vigil::report_test {

inline std::string FakeToken(int i) { return "ghp_" + std::string(36, static_cast<char>('a' + i % 26)); }

inline Rule MakeRule(std::string id, std::string description, Severity severity) {
  Rule rule;
  rule.id = std::move(id);
  rule.description = std::move(description);
  rule.severity = severity;
  return rule;
}

// A finding of `rule` for FakeToken(i), written `token = '<secret>'` on line 3
// of src/a.py: the secret at columns 10-49, the match at 1-50.
inline Finding MakeFinding(const Rule& rule, int i, double entropy) {
  Finding finding;
  finding.rule = &rule;
  finding.provenance.path = "src/a.py";
  finding.secret = FakeToken(i);
  finding.match = "token = '" + finding.secret + "'";
  finding.secret_span = {40, 80, 3, 10, 3, 49};
  finding.match_span = {31, 81, 3, 1, 3, 50};
  finding.entropy = entropy;
  finding.fingerprint = "fp-" + std::to_string(i);
  return finding;
}

inline GitOrigin TestGitOrigin(bool in_head, size_t occurrences) {
  GitOrigin git;
  git.commit = "0123456789abcdef0123456789abcdef01234567";
  git.author_name = "Jane Doe";
  git.author_email = "jane@example.com";
  git.date = "2024-01-02T03:04:05Z";
  git.summary = "Add config";
  git.blob_id = "89abcdef0123456789abcdef0123456789abcdef";
  git.in_head = in_head;
  git.occurrences = occurrences;
  return git;
}

}  // namespace vigil::report_test

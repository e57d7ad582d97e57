// Fingerprints identify a finding across runs. They hash the rule id, the
// path and the secret, never the line, so a finding keeps its fingerprint when
// lines above it move; a different secret on the same line gets a new one.
// The secret cannot be read back from a fingerprint.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

struct Finding;

// 32 lower-case hex characters.
std::string Fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret);

// gitleaks' fingerprint of a finding: `path:rule:line` (the match's first line, as gitleaks reports it), with `commit:` first
// for findings from git history (.gitleaksignore entries, gitleaks reports).
std::string GitleaksFingerprint(const Finding& finding);

}  // namespace vigil

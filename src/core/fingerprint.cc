#include "core/fingerprint.h"

#include "core/finding.h"
#include "util/sha256.h"

namespace vigil {

std::string Fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret) {
  Sha256 hasher;
  // NUL separators keep ("ab", "c") and ("a", "bc") apart.
  hasher.Update(rule_id);
  hasher.Update(std::string_view("\0", 1));
  hasher.Update(path);
  hasher.Update(std::string_view("\0", 1));
  hasher.Update(secret);
  auto digest = hasher.Finish();
  return ToHex(digest.data(), 16);
}

std::string GitleaksFingerprint(const Finding& finding) {
  std::string key = finding.provenance.path + ":" + finding.rule->id + ":" +
                    std::to_string(finding.match_span.start_line);
  if (finding.provenance.git && !finding.provenance.git->commit.empty()) {
    key = finding.provenance.git->commit + ":" + key;
  }
  return key;
}

}  // namespace vigil

#include "filter/inline_ignore.h"

#include <array>
#include <string_view>

namespace vigil {

bool HasAllowMarker(std::string_view line) {
  static constexpr std::array<std::string_view, 3> kMarkers = {"vigil:allow", "gitleaks:allow",
                                                               "pragma: allowlist secret"};
  for (std::string_view marker : kMarkers) {
    if (line.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

bool InlineIgnore::Keep(const Finding& finding) const {
  // A marker on the secret's line, or on the last line of a multi-line match
  // (the END line of a private key block).
  return !HasAllowMarker(finding.line) && !HasAllowMarker(finding.end_line);
}

}  // namespace vigil

// InlineIgnore: a finding is not reported when its line carries an inline
// allow marker: `vigil:allow`, and, so repositories that used other tools keep
// their annotations, `gitleaks:allow` and `pragma: allowlist secret`.
#pragma once

#include "filter/filter.h"

namespace vigil {

class InlineIgnore : public FindingFilter {
 public:
  std::string name() const override { return "inline ignore"; }
  bool Keep(const Finding& finding) const override;
};

bool HasAllowMarker(std::string_view line);

}  // namespace vigil

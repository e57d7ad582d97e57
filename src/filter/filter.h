// FindingFilter: decides whether a confirmed finding is reported. Filters run
// on worker threads after matching, so Keep must be safe to call from many
// threads at once (const, no shared mutable state).
#pragma once

#include <string>

#include "core/finding.h"

namespace vigil {

class FindingFilter {
 public:
  virtual ~FindingFilter() = default;
  // The name counted in the summary when this filter suppresses a finding.
  virtual std::string name() const = 0;
  virtual bool Keep(const Finding& finding) const = 0;
};

}  // namespace vigil

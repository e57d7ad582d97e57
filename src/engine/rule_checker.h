// RuleChecker: proves a rule set against its own examples (`vigil rules check`).
// Every positive example must be found by its rule (with exactly its secret,
// when one is given) and no negative example may be.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "engine/compiled_rules.h"

namespace vigil {

struct RuleCheckFailure {
  std::string rule_id;
  std::string message;
};

struct RuleCheckOptions {
  // Also require at least two examples and one negative example per rule,
  // and a remediation that links the provider's page (the bar for the
  // default pack).
  bool strict = false;
  // What a scan would keep of a finding (the allowlists), so an example is
  // judged as a scan would report it. Unset: every finding counts.
  std::function<bool(const Finding&)> keep;
};

std::vector<RuleCheckFailure> CheckRules(const std::shared_ptr<const CompiledRules>& compiled,
                                         const RuleCheckOptions& options);

}  // namespace vigil

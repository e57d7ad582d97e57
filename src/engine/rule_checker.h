// RuleChecker: proves a rule set against its own examples (`vigil rules check`).
// Every positive example must be found by its rule (with exactly its secret,
// when one is given) and no negative example may be.
#pragma once

#include <string>
#include <vector>

#include "engine/compiled_rules.h"

namespace vigil {

struct RuleCheckFailure {
  std::string rule_id;
  std::string message;
};

struct RuleCheckOptions {
  // Also require at least two examples and one negative example per rule
  // (the bar for the default pack).
  bool strict = false;
};

std::vector<RuleCheckFailure> CheckRules(const std::shared_ptr<const CompiledRules>& compiled,
                                         const RuleCheckOptions& options);

}  // namespace vigil

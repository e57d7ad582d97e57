// `vigil install-hook`: puts hooks/pre-commit into a repository's hooks
// directory (core.hooksPath when set). An existing hook that is not vigil's is
// never overwritten silently: --chain keeps it (moved to pre-commit.local,
// which vigil's hook runs first), --force replaces it, otherwise it refuses.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace vigil {

struct InstallHookOptions {
  std::string repo_path = ".";
  bool chain = false;
  bool force = false;
  std::string vigil_path;  // written into the hook as the default binary
};

// What was done, for the user: "installed", "updated", "installed (chained)".
Result<std::string> InstallPreCommitHook(const InstallHookOptions& options);

// The hook script (hooks/pre-commit, embedded at build time).
std::string_view PreCommitHookScript();

}  // namespace vigil

// The commands behind each subcommand. Each returns the process exit status:
// 0 clean, 1 (or --exit-code) findings, 2 usage or config error, 3 runtime failure.
#pragma once

#include "cli/options.h"

namespace vigil {

constexpr int kExitClean = 0;
constexpr int kExitUsage = 2;
constexpr int kExitRuntime = 3;

int RunScanCommand(const ScanCommand& command);
int RunGitCommand(const GitCommand& command);
int RunStagedCommand(const StagedCommand& command);
int RunInstallHookCommand(const InstallHookCommand& command);
int RunBaselineCreateCommand(const BaselineCreateCommand& command);
int RunRulesListCommand(const RulesListCommand& command);
int RunRulesCheckCommand(const RulesCheckCommand& command);

}  // namespace vigil

// The commands behind each subcommand. Each returns the process exit status:
// 0 clean, 1 (or --exit-code) findings, 2 usage or config error, 3 runtime failure.
#pragma once

#include "cli/default_pack.h"
#include "cli/options.h"

namespace vigil {

constexpr int kExitClean = 0;
constexpr int kExitUsage = 2;
constexpr int kExitRuntime = 3;

// Commands that scan take the default pack being loaded (default_pack.h).
int RunScanCommand(const ScanCommand& command, DefaultPackLoader& default_pack);
int RunGitCommand(const GitCommand& command, DefaultPackLoader& default_pack);
int RunStagedCommand(const StagedCommand& command, DefaultPackLoader& default_pack);
int RunInstallHookCommand(const InstallHookCommand& command);
int RunBaselineCreateCommand(const BaselineCreateCommand& command, DefaultPackLoader& default_pack);
int RunRulesListCommand(const RulesListCommand& command);
int RunRulesCheckCommand(const RulesCheckCommand& command);
int RunLspCommand(const LspCommand& command, DefaultPackLoader& default_pack);  // lsp_command.cc

}  // namespace vigil

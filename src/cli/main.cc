// vigil's entry point: parse the command line once, run one command.
#include <iostream>
#include <optional>
#include <variant>

#include "cli/commands.h"
#include "cli/options.h"
#include "util/git_library.h"

namespace {

struct Dispatch {
  vigil::DefaultPackLoader* pack;  // started for the commands that scan

  int operator()(const vigil::ScanCommand& command) const { return vigil::RunScanCommand(command, *pack); }
  int operator()(const vigil::GitCommand& command) const { return vigil::RunGitCommand(command, *pack); }
  int operator()(const vigil::StagedCommand& command) const { return vigil::RunStagedCommand(command, *pack); }
  int operator()(const vigil::InstallHookCommand& command) const {
    return vigil::RunInstallHookCommand(command);
  }
  int operator()(const vigil::BaselineCreateCommand& command) const {
    return vigil::RunBaselineCreateCommand(command, *pack);
  }
  int operator()(const vigil::RulesListCommand& command) const { return vigil::RunRulesListCommand(command); }
  int operator()(const vigil::RulesCheckCommand& command) const { return vigil::RunRulesCheckCommand(command); }
  int operator()(const vigil::VersionCommand&) const {
    std::cout << "vigil " << VIGIL_VERSION << '\n';
    return vigil::kExitClean;
  }
  int operator()(const vigil::ExitNow& exit) const { return exit.code; }
  int operator()(const vigil::LspCommand& command) const { return vigil::RunLspCommand(command, *pack); }
};

}  // namespace

// libgit2's start-up costs about 10 ms (it loads the system's CA certificates),
// which an editor's scan of stdin or a rules command need not pay.
bool NeedsGit(const vigil::Command& command) {
  if (const auto* scan = std::get_if<vigil::ScanCommand>(&command)) {
    return !(scan->paths.size() == 1 && scan->paths.front() == "-");
  }
  return !std::holds_alternative<vigil::RulesListCommand>(command) &&
         !std::holds_alternative<vigil::RulesCheckCommand>(command) &&
         !std::holds_alternative<vigil::VersionCommand>(command) &&
         !std::holds_alternative<vigil::ExitNow>(command);
}

bool ScansWithRules(const vigil::Command& command) {
  return std::holds_alternative<vigil::ScanCommand>(command) || std::holds_alternative<vigil::GitCommand>(command) ||
         std::holds_alternative<vigil::StagedCommand>(command) ||
         std::holds_alternative<vigil::BaselineCreateCommand>(command) ||
         std::holds_alternative<vigil::LspCommand>(command);
}

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto command = vigil::ParseCommandLine(argc, argv);
  if (!command.ok()) {
    std::cerr << "vigil: error: " << command.error().ToString() << '\n';
    return vigil::kExitUsage;
  }
  // Started first: it runs while libgit2 starts (see default_pack.h).
  std::optional<vigil::DefaultPackLoader> pack;
  if (ScansWithRules(command.value())) pack = vigil::DefaultPackLoader::Start();
  std::optional<vigil::GitLibrary> git;
  if (NeedsGit(command.value())) git.emplace();
  try {
    return std::visit(Dispatch{pack ? &*pack : nullptr}, command.value());
  } catch (const std::exception& error) {
    std::cerr << "vigil: error: " << error.what() << '\n';
    return vigil::kExitRuntime;
  }
}

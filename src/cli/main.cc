// vigil's entry point: parse the command line once, run one command.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "util/git_library.h"

namespace {

struct Dispatch {
  int operator()(const vigil::ScanCommand& command) const { return vigil::RunScanCommand(command); }
  int operator()(const vigil::GitCommand& command) const { return vigil::RunGitCommand(command); }
  int operator()(const vigil::StagedCommand& command) const { return vigil::RunStagedCommand(command); }
  int operator()(const vigil::InstallHookCommand& command) const {
    return vigil::RunInstallHookCommand(command);
  }
  int operator()(const vigil::BaselineCreateCommand& command) const {
    return vigil::RunBaselineCreateCommand(command);
  }
  int operator()(const vigil::RulesListCommand& command) const { return vigil::RunRulesListCommand(command); }
  int operator()(const vigil::RulesCheckCommand& command) const { return vigil::RunRulesCheckCommand(command); }
  int operator()(const vigil::VersionCommand&) const {
    std::cout << "vigil " << VIGIL_VERSION << '\n';
    return vigil::kExitClean;
  }
  int operator()(const vigil::ExitNow& exit) const { return exit.code; }
};

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  vigil::GitLibrary git;
  auto command = vigil::ParseCommandLine(argc, argv);
  if (!command.ok()) {
    std::cerr << "vigil: error: " << command.error().ToString() << '\n';
    return vigil::kExitUsage;
  }
  try {
    return std::visit(Dispatch{}, command.value());
  } catch (const std::exception& error) {
    std::cerr << "vigil: error: " << error.what() << '\n';
    return vigil::kExitRuntime;
  }
}

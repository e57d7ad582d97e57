// `vigil lsp`: the language server (src/lsp/) on stdin/stdout, with the rules
// loaded as every other command loads them.
#include <unistd.h>

#include <filesystem>

#include "cli/commands.h"
#include "lsp/server.h"

namespace vigil {

int RunLspCommand(const LspCommand& command, DefaultPackLoader& default_pack) {
  std::error_code error;
  std::string cwd = std::filesystem::current_path(error).string();
  // Paths given on the command line are the user's, relative to where the
  // editor started us, not to the workspace.
  auto absolute = [&](const std::string& path) {
    return path.empty() ? path : std::filesystem::absolute(path, error).lexically_normal().string();
  };
  std::string config_path = absolute(command.config_path);

  lsp::ServerOptions options;
  options.default_root = cwd;
  options.max_message_bytes = command.max_message_size;
  options.scanner.debounce = std::chrono::milliseconds(command.debounce_ms);
  options.scanner.max_delay = std::chrono::milliseconds(std::max(250u, command.debounce_ms * 4));
  options.scanner.max_file_size = command.max_file_size;
  options.scanner.workspace.baseline_path = absolute(command.baseline_path);
  options.scanner.workspace.honor_gitignore = !command.no_ignore;
  options.scanner.workspace.config_path = config_path;
  // Called on the scanner's worker thread only (each load, one at a time).
  options.scanner.workspace.load_rules = [&default_pack, config_path,
                                          use_cache = !command.no_cache](const std::string& root) {
    return LoadAndCompile(config_path, root, use_cache, default_pack);
  };
  return lsp::RunLanguageServer(STDIN_FILENO, STDOUT_FILENO, std::move(options));
}

}  // namespace vigil

// Options: the command line turned into plain structs, once. Nothing after
// parsing looks at flags again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "report/reporter.h"
#include "util/status.h"

namespace vigil {

enum class ColorChoice { kAuto, kAlways, kNever };

struct OutputOptions {
  std::optional<ReportFormat> format;  // unset: text
  std::string output_path;             // empty: stdout
  bool show_secrets = false;
  ColorChoice color = ColorChoice::kAuto;
  int exit_code = 1;                   // exit status when findings are reported
  bool quiet = false;                  // no warnings on stderr
  bool verbose = false;
};

struct ScanCommand {
  std::vector<std::string> paths;      // "-" is stdin
  std::string config_path;
  unsigned threads = 0;
  bool no_ignore = false;
  uint64_t max_file_size = 10ull << 20;
  std::string path_hint;
  std::string baseline_path;           // report only findings not in this baseline
  bool no_cache = false;               // compile the rules; neither read nor write the cache
  OutputOptions output;
};

// `vigil baseline create -o FILE [scan args]`: record today's findings.
struct BaselineCreateCommand {
  ScanCommand scan;
  std::string baseline_path;
};

struct GitCommand {
  std::string repo_path = ".";
  std::vector<std::string> refs;        // --ref / --branch; empty: all refs
  std::optional<int64_t> since;         // --since, as unix time
  std::optional<uint64_t> max_commits;  // --max-commits
  std::string range;                    // --range or --since-commit: added lines only
  std::string config_path;
  unsigned threads = 0;
  uint64_t max_file_size = 10ull << 20;
  bool progress = true;                 // on a terminal only
  std::string baseline_path;
  bool no_cache = false;
  OutputOptions output;
};

// `vigil staged`: the lines the index adds over HEAD (pre-commit).
struct StagedCommand {
  std::string repo_path = ".";
  std::string config_path;
  unsigned threads = 0;
  uint64_t max_file_size = 10ull << 20;
  std::string baseline_path;
  bool no_cache = false;
  OutputOptions output;
};

struct InstallHookCommand {
  std::string repo_path = ".";
  bool chain = false;
  bool force = false;
};

struct RulesListCommand {
  std::string config_path;
  std::optional<ReportFormat> format;  // text or json
};

struct RulesCheckCommand {
  std::string config_path;
  bool strict = false;
};

// `vigil lsp`: a language server on stdin/stdout (src/lsp/).
struct LspCommand {
  std::string config_path;             // default: .vigil.toml at the workspace root
  std::string baseline_path;           // default: .vigil-baseline at the workspace root, when present
  bool no_ignore = false;              // diagnostics for files .gitignore excludes too
  bool no_cache = false;
  uint64_t max_file_size = 10ull << 20;
  unsigned debounce_ms = 50;           // quiet time that ends a burst of edits
  uint64_t max_message_size = 64ull << 20;
};

struct VersionCommand {};

// A request that is already answered (help text printed): exit with `code`.
struct ExitNow {
  int code = 0;
};

using Command = std::variant<ScanCommand, GitCommand, StagedCommand, InstallHookCommand, BaselineCreateCommand, RulesListCommand, RulesCheckCommand, VersionCommand, ExitNow, LspCommand>;

// Parses argv. Usage errors come back as an Error (exit status 2).
Result<Command> ParseCommandLine(int argc, const char* const* argv);

// "2024-05-01", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00+02:00" -> unix time.
std::optional<int64_t> ParseDate(const std::string& text);

// "10M", "512K", "1G", "4096" -> bytes.
std::optional<uint64_t> ParseSize(const std::string& text);

}  // namespace vigil

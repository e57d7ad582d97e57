#include "cli/options.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace vigil {
namespace {

constexpr const char* kFormats = "text, json, jsonl, sarif";

void AddOutputFlags(CLI::App& command, OutputOptions& output, std::string& format) {
  command.add_option("-f,--format", format, std::string("Report format: ") + kFormats);
  command.add_option("-o,--output", output.output_path, "Write the report to FILE instead of stdout");
  command.add_flag("--show-secrets", output.show_secrets, "Print secrets in full (redacted by default)");
  command.add_option("--exit-code", output.exit_code, "Exit status when findings are reported (default 1)");
  command.add_flag("-q,--quiet", output.quiet, "Do not print warnings to stderr");
  command.add_flag("-v,--verbose", output.verbose, "Say more about what was skipped and suppressed");
}

Status ApplyFormat(const std::string& name, std::optional<ReportFormat>& format) {
  if (name.empty()) return Status::Ok();
  format = ParseReportFormat(name);
  if (!format) return Error{"unknown format '" + name + "' (expected one of: " + kFormats + ")"};
  return Status::Ok();
}

}  // namespace

std::optional<uint64_t> ParseSize(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 15) return std::nullopt;
  uint64_t value = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  if (unit.empty() || unit == "B") return value;
  if (unit == "K" || unit == "KB" || unit == "KiB") return value << 10;
  if (unit == "M" || unit == "MB" || unit == "MiB") return value << 20;
  if (unit == "G" || unit == "GB" || unit == "GiB") return value << 30;
  return std::nullopt;
}

Result<Command> ParseCommandLine(int argc, const char* const* argv) {
  CLI::App app{"vigil: find leaked credentials in files, stdin and git history", "vigil"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("vigil ") + VIGIL_VERSION);

  ScanCommand scan;
  std::string scan_format;
  std::string max_file_size = "10M";
  std::string color = "auto";
  CLI::App* scan_app = app.add_subcommand("scan", "Scan files, directories or stdin (-)");
  scan_app->add_option("paths", scan.paths, "Files or directories to scan; - reads stdin (default: .)");
  scan_app->add_option("-c,--config", scan.config_path, "Config file (default: .vigil.toml at the scan root)");
  scan_app->add_option("-j,--threads", scan.threads, "Worker threads (default: one per core)");
  scan_app->add_flag("--no-ignore", scan.no_ignore, "Scan files that .gitignore excludes");
  scan_app->add_option("--max-file-size", max_file_size, "Skip larger files (default 10M; K, M, G suffixes)");
  scan_app->add_option("--path-hint", scan.path_hint, "Name for stdin in reports and for path rules");
  scan_app->add_option("--color", color, "auto, always or never (default auto: on a terminal)");
  AddOutputFlags(*scan_app, scan.output, scan_format);

  CLI::App* rules_app = app.add_subcommand("rules", "List or check detection rules");
  rules_app->require_subcommand(1);
  RulesListCommand list;
  std::string list_format;
  CLI::App* list_app = rules_app->add_subcommand("list", "List rules: id, severity, description");
  list_app->add_option("-c,--config", list.config_path, "Config file (default: the built-in pack)");
  list_app->add_option("-f,--format", list_format, "text or json");
  RulesCheckCommand check;
  CLI::App* check_app = rules_app->add_subcommand("check", "Compile every rule and test it on its examples");
  check_app->add_option("-c,--config", check.config_path, "Config file (default: the built-in pack)");
  check_app->add_flag("--strict", check.strict, "Require 2 examples and 1 negative example per rule");

  CLI::App* version_app = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return Command(ExitNow{app.exit(success)});
  } catch (const CLI::ParseError& error) {
    return Error{std::string(error.what()) + " (see vigil --help)"};
  }

  if (*scan_app) {
    if (scan.paths.empty()) scan.paths.push_back(".");
    auto size = ParseSize(max_file_size);
    if (!size) return Error{"--max-file-size: cannot read '" + max_file_size + "' as a size"};
    scan.max_file_size = *size;
    if (color == "always") {
      scan.output.color = ColorChoice::kAlways;
    } else if (color == "never") {
      scan.output.color = ColorChoice::kNever;
    } else if (color != "auto") {
      return Error{"--color: expected auto, always or never"};
    }
    Status format = ApplyFormat(scan_format, scan.output.format);
    if (!format.ok()) return format.error();
    return Command(std::move(scan));
  }
  if (*list_app) {
    Status format = ApplyFormat(list_format, list.format);
    if (!format.ok()) return format.error();
    if (list.format && *list.format != ReportFormat::kText && *list.format != ReportFormat::kJson) {
      return Error{"rules list: --format is text or json"};
    }
    return Command(std::move(list));
  }
  if (*check_app) return Command(std::move(check));
  if (*version_app) return Command(VersionCommand{});
  return Error{"no command given (see vigil --help)"};
}

}  // namespace vigil

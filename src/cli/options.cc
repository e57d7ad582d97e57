#include "cli/options.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace vigil {
namespace {

constexpr const char* kFormats = "text, json, jsonl, sarif, gitleaks-json";

void AddOutputFlags(CLI::App& command, OutputOptions& output, std::string& format) {
  command.add_option("-f,--format", format, std::string("Report format: ") + kFormats);
  command.add_option("-o,--output", output.output_path, "Write the report to FILE instead of stdout");
  command.add_flag("--show-secrets", output.show_secrets, "Print secrets in full (redacted by default)");
  command.add_option("--exit-code", output.exit_code, "Exit status when findings are reported (default 1)")
      ->check(CLI::Range(0, 255));
  command.add_flag("-q,--quiet", output.quiet, "Do not print warnings to stderr");
  command.add_flag("-v,--verbose", output.verbose, "Say more about what was skipped and suppressed");
}

Status ApplyFormat(const std::string& name, std::optional<ReportFormat>& format) {
  if (name.empty()) return Status::Ok();
  format = ParseReportFormat(name);
  if (!format) return Error{"unknown format '" + name + "' (expected one of: " + kFormats + ")"};
  return Status::Ok();
}

// Flags of `scan` kept as text until they are checked.
struct ScanFlags {
  std::string format;
  std::string max_file_size = "10M";
  std::string color = "auto";
};

void AddScanFlags(CLI::App& command, ScanCommand& scan, ScanFlags& flags) {
  command.add_option("paths", scan.paths, "Files or directories to scan; - reads stdin (default: .)");
  command.add_option("-c,--config", scan.config_path, "Config file (default: .vigil.toml at the scan root)");
  command.add_option("-j,--threads", scan.threads, "Threads that scan, the main one included (default: one per core)");
  command.add_flag("--no-ignore", scan.no_ignore, "Scan files that .gitignore excludes");
  command.add_option("--max-file-size", flags.max_file_size, "Skip larger files (default 10M; K, M, G suffixes)");
  command.add_option("--path-hint", scan.path_hint, "Name for stdin in reports and for path rules");
  command.add_option("--color", flags.color, "auto, always or never (default auto: on a terminal)");
  command.add_flag("--no-cache", scan.no_cache, "Compile the rules afresh; do not use the compiled-rules cache");
}

Status FinishScanFlags(ScanCommand& scan, const ScanFlags& flags) {
  if (scan.paths.empty()) scan.paths.push_back(".");
  auto size = ParseSize(flags.max_file_size);
  if (!size) return Error{"--max-file-size: cannot read '" + flags.max_file_size + "' as a size"};
  scan.max_file_size = *size;
  if (flags.color == "always") {
    scan.output.color = ColorChoice::kAlways;
  } else if (flags.color == "never") {
    scan.output.color = ColorChoice::kNever;
  } else if (flags.color != "auto") {
    return Error{"--color: expected auto, always or never"};
  }
  return ApplyFormat(flags.format, scan.output.format);
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

std::optional<int64_t> ParseDate(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3 || consumed != 10) {
    return std::nullopt;
  }
  std::string rest = text.substr(10);
  int offset_minutes = 0;
  if (!rest.empty()) {
    int time_consumed = 0;
    if ((rest[0] != 'T' && rest[0] != ' ') ||
        std::sscanf(rest.c_str() + 1, "%2d:%2d:%2d%n", &hour, &minute, &second, &time_consumed) != 3) {
      return std::nullopt;
    }
    std::string zone = rest.substr(1 + static_cast<size_t>(time_consumed));
    int zone_hours = 0, zone_minutes = 0;
    if (zone == "Z" || zone.empty()) {
      offset_minutes = 0;
    } else if ((zone[0] == '+' || zone[0] == '-') &&
               std::sscanf(zone.c_str() + 1, "%2d:%2d", &zone_hours, &zone_minutes) == 2) {
      offset_minutes = (zone[0] == '-' ? -1 : 1) * (zone_hours * 60 + zone_minutes);
    } else {
      return std::nullopt;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return static_cast<int64_t>(timegm(&parts)) - offset_minutes * 60;
}

Result<Command> ParseCommandLine(int argc, const char* const* argv) {
  CLI::App app{"vigil: find leaked credentials in files, stdin and git history", "vigil"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("vigil ") + VIGIL_VERSION);

  ScanCommand scan;
  ScanFlags scan_flags;
  CLI::App* scan_app = app.add_subcommand("scan", "Scan files, directories or stdin (-)");
  AddScanFlags(*scan_app, scan, scan_flags);
  AddOutputFlags(*scan_app, scan.output, scan_flags.format);
  scan_app->add_option("--baseline", scan.baseline_path, "Report only findings not in this baseline file");

  BaselineCreateCommand baseline;
  ScanFlags baseline_flags;
  CLI::App* baseline_app = app.add_subcommand("baseline", "Record current findings as accepted");
  baseline_app->require_subcommand(1);
  CLI::App* baseline_create_app =
      baseline_app->add_subcommand("create", "Scan like `vigil scan` and write the findings to a baseline");
  AddScanFlags(*baseline_create_app, baseline.scan, baseline_flags);
  baseline_create_app->add_option("-o,--output", baseline.baseline_path, "Baseline file to write")->required();

  GitCommand git;
  std::string git_format;
  std::string git_max_file_size = "10M";
  std::string git_since;
  std::string since_commit;
  std::vector<std::string> branches;
  uint64_t max_commits = 0;
  bool no_progress = false;
  CLI::App* git_app = app.add_subcommand("git", "Audit a repository's history, or the lines a range adds");
  git_app->add_option("repo", git.repo_path, "Repository (work tree or bare; default: .)");
  git_app->add_option("--ref", git.refs, "Scan only what this ref reaches (repeatable; default: all refs)");
  git_app->add_option("--branch", branches, "Scan only this branch (repeatable)");
  git_app->add_option("--since", git_since, "Skip commits older than this date (YYYY-MM-DD or ISO 8601)");
  git_app->add_option("--max-commits", max_commits, "Scan at most the N newest commits");
  git_app->add_option("--range", git.range, "BASE..HEAD: report only lines these commits add");
  git_app->add_option("--since-commit", since_commit, "SHA: same as --range SHA..HEAD");
  git_app->add_option("-c,--config", git.config_path, "Config file (default: .vigil.toml at the repository root)");
  git_app->add_option("-j,--threads", git.threads, "Threads that scan, the main one included (default: one per core)");
  git_app->add_option("--max-file-size", git_max_file_size, "Skip larger blobs (default 10M)");
  git_app->add_flag("--no-progress", no_progress, "No progress line on stderr");
  git_app->add_flag("--no-cache", git.no_cache, "Compile the rules afresh; do not use the compiled-rules cache");
  git_app->add_option("--baseline", git.baseline_path, "Report only findings not in this baseline file");
  AddOutputFlags(*git_app, git.output, git_format);

  StagedCommand staged;
  std::string staged_format;
  std::string staged_max_file_size = "10M";
  CLI::App* staged_app = app.add_subcommand("staged", "Scan the lines staged for commit (the pre-commit hook)");
  staged_app->add_option("--repo", staged.repo_path, "Repository (default: the one holding the current directory)");
  staged_app->add_option("-c,--config", staged.config_path, "Config file (default: .vigil.toml at the repository root)");
  staged_app->add_option("-j,--threads", staged.threads, "Threads that scan, the main one included (default: one per core)");
  staged_app->add_option("--max-file-size", staged_max_file_size, "Skip larger files (default 10M)");
  staged_app->add_option("--baseline", staged.baseline_path, "Report only findings not in this baseline file");
  staged_app->add_flag("--no-cache", staged.no_cache, "Compile the rules afresh; do not use the compiled-rules cache");
  AddOutputFlags(*staged_app, staged.output, staged_format);

  InstallHookCommand install;
  CLI::App* install_app = app.add_subcommand("install-hook", "Install vigil as the repository's pre-commit hook");
  install_app->add_option("--repo", install.repo_path, "Repository (default: the one holding the current directory)");
  install_app->add_flag("--chain", install.chain, "Keep an existing pre-commit hook and run it before vigil");
  install_app->add_flag("--force", install.force, "Replace an existing pre-commit hook");

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

  LspCommand lsp;
  std::string lsp_max_file_size = "10M";
  std::string lsp_max_message_size = "64M";
  CLI::App* lsp_app = app.add_subcommand("lsp", "Run a language server on stdin/stdout (editors)");
  lsp_app->add_option("-c,--config", lsp.config_path, "Config file (default: .vigil.toml at the workspace root)");
  lsp_app->add_option("--baseline", lsp.baseline_path,
                      "Report only findings not in this baseline (default: .vigil-baseline at the root, if any)");
  lsp_app->add_flag("--no-ignore", lsp.no_ignore, "Also give diagnostics in files that .gitignore excludes");
  lsp_app->add_flag("--no-cache", lsp.no_cache, "Compile the rules afresh; do not use the compiled-rules cache");
  lsp_app->add_option("--max-file-size", lsp_max_file_size, "Do not scan larger documents (default 10M)");
  lsp_app->add_option("--debounce", lsp.debounce_ms, "Milliseconds of quiet that end a burst of edits (default 50)")
      ->check(CLI::Range(0, 10000));
  lsp_app->add_option("--max-message-size", lsp_max_message_size, "Refuse larger messages (default 64M)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return Command(ExitNow{app.exit(success)});
  } catch (const CLI::ParseError& error) {
    return Error{std::string(error.what()) + " (see vigil --help)"};
  }

  if (*scan_app) {
    Status finished = FinishScanFlags(scan, scan_flags);
    if (!finished.ok()) return finished.error();
    return Command(std::move(scan));
  }
  if (*baseline_create_app) {
    Status finished = FinishScanFlags(baseline.scan, baseline_flags);
    if (!finished.ok()) return finished.error();
    return Command(std::move(baseline));
  }
  if (*git_app) {
    auto size = ParseSize(git_max_file_size);
    if (!size) return Error{"--max-file-size: cannot read '" + git_max_file_size + "' as a size"};
    git.max_file_size = *size;
    if (!git_since.empty()) {
      git.since = ParseDate(git_since);
      if (!git.since) return Error{"--since: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|+HH:MM]"};
    }
    if (max_commits > 0) git.max_commits = max_commits;
    for (const std::string& branch : branches) git.refs.push_back(branch);
    if (!since_commit.empty()) {
      if (!git.range.empty()) return Error{"--range and --since-commit cannot be combined"};
      git.range = since_commit + "..HEAD";
    }
    if (!git.range.empty() && git.range.find("..") == std::string::npos) {
      return Error{"--range: expected BASE..HEAD"};
    }
    git.progress = !no_progress && !git.output.quiet;
    Status format = ApplyFormat(git_format, git.output.format);
    if (!format.ok()) return format.error();
    return Command(std::move(git));
  }
  if (*staged_app) {
    auto size = ParseSize(staged_max_file_size);
    if (!size) return Error{"--max-file-size: cannot read '" + staged_max_file_size + "' as a size"};
    staged.max_file_size = *size;
    Status format = ApplyFormat(staged_format, staged.output.format);
    if (!format.ok()) return format.error();
    return Command(std::move(staged));
  }
  if (*install_app) {
    if (install.chain && install.force) return Error{"--chain and --force cannot be combined"};
    return Command(std::move(install));
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
  if (*lsp_app) {
    auto size = ParseSize(lsp_max_file_size);
    if (!size) return Error{"--max-file-size: cannot read '" + lsp_max_file_size + "' as a size"};
    lsp.max_file_size = *size;
    auto message_size = ParseSize(lsp_max_message_size);
    if (!message_size || *message_size == 0) {
      return Error{"--max-message-size: cannot read '" + lsp_max_message_size + "' as a size"};
    }
    lsp.max_message_size = *message_size;
    return Command(std::move(lsp));
  }
  return Error{"no command given (see vigil --help)"};
}

}  // namespace vigil

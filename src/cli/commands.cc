#include "cli/commands.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "engine/compiled_rules.h"
#include "engine/database_cache.h"
#include "engine/rule_checker.h"
#include "filter/baseline.h"
#include "filter/filter_set.h"
#include "rules/config.h"
#include "scan/pipeline.h"
#include "source/git_history_source.h"
#include "source/git_range_source.h"
#include "source/staged_source.h"
#include "source/stdin_source.h"
#include "cli/install_hook.h"
#include "source/tree_source.h"

namespace vigil {
namespace {

int ConfigError(const Error& error) {
  std::cerr << "vigil: error: " << error.ToString() << '\n';
  return kExitUsage;
}

// The folder whose .vigil.toml applies: the first path when it is a directory,
// else the current directory.
std::string ScanRoot(const std::vector<std::string>& paths) {
  std::error_code ignored;
  if (!paths.empty() && paths.front() != "-" && std::filesystem::is_directory(paths.front(), ignored)) {
    return paths.front();
  }
  return ".";
}

bool UseColor(const OutputOptions& output) {
  if (output.color == ColorChoice::kAlways) return true;
  if (output.color == ColorChoice::kNever || !output.output_path.empty()) return false;
  return std::getenv("NO_COLOR") == nullptr && ::isatty(STDOUT_FILENO) == 1;
}

void PrintVerboseSummary(const ScanStats& stats) {
  for (const auto& [reason, count] : stats.skipped) {
    std::cerr << "vigil: skipped " << count << " (" << reason << ")\n";
  }
  for (const auto& [filter, count] : stats.suppressed) {
    std::cerr << "vigil: suppressed " << count << " finding(s) by " << filter << '\n';
  }
  for (const std::string& detail : stats.suppressed_details) {
    std::cerr << "vigil: suppressed " << detail << '\n';
  }
}

std::unique_ptr<Source> MakeSource(const ScanCommand& command) {
  if (command.paths.size() == 1 && command.paths.front() == "-") {
    return std::make_unique<StdinSource>(std::cin, command.path_hint, command.max_file_size);
  }
  TreeSourceOptions options;
  options.roots = command.paths;
  options.honor_gitignore = !command.no_ignore;
  options.max_file_size = command.max_file_size;
  return std::make_unique<TreeSource>(std::move(options));
}

// The report destination and reporter of one command.
class Output {
 public:
  static Result<std::unique_ptr<Output>> Open(const OutputOptions& options) {
    auto output = std::unique_ptr<Output>(new Output(options));
    if (!options.output_path.empty()) {
      output->file_.open(options.output_path, std::ios::binary | std::ios::trunc);
      if (!output->file_) return Error{"cannot write the report", options.output_path};
    }
    ReportOptions report_options;
    report_options.show_secrets = options.show_secrets;
    report_options.color = UseColor(options);
    report_options.tool_version = VIGIL_VERSION;
    output->reporter_ = MakeReporter(options.format.value_or(ReportFormat::kText), output->stream(),
                                     report_options);
    return output;
  }

  Reporter& reporter() { return *reporter_; }

  // Writes the report; returns the exit status.
  int Finish(const std::vector<Finding>& findings, const RuleSet& rules, const ScanStats& stats) {
    reporter_->Finish(findings, rules, stats);
    stream().flush();
    if (!stream()) {
      std::cerr << "vigil: error: writing the report failed\n";
      return kExitRuntime;
    }
    if (options_.verbose) PrintVerboseSummary(stats);
    return findings.empty() ? kExitClean : options_.exit_code;
  }

 private:
  explicit Output(const OutputOptions& options) : options_(options) {}
  std::ostream& stream() { return file_.is_open() ? static_cast<std::ostream&>(file_) : std::cout; }

  const OutputOptions& options_;
  std::ofstream file_;
  std::unique_ptr<Reporter> reporter_;
};

PipelineOptions MakePipelineOptions(unsigned threads, const OutputOptions& output) {
  PipelineOptions pipeline;
  pipeline.threads = threads;
  pipeline.print_warnings = !output.quiet;
  return pipeline;
}

// Runs a `vigil scan` up to its findings, without reporting them.
Result<ScanOutcome> ScanForFindings(const ScanCommand& command, const std::shared_ptr<const CompiledRules>& compiled,
                                    const std::vector<const FindingFilter*>& filters,
                                    const std::function<void(const Finding&)>& on_finding) {
  PipelineOptions pipeline = MakePipelineOptions(command.threads, command.output);
  pipeline.filters = filters;
  std::unique_ptr<Source> source = MakeSource(command);
  return RunScan(*source, compiled, pipeline, on_finding, std::cerr);
}

}  // namespace

int RunScanCommand(const ScanCommand& command, DefaultPackLoader& default_pack) {
  if (command.paths.size() > 1 &&
      std::find(command.paths.begin(), command.paths.end(), "-") != command.paths.end()) {
    return ConfigError(Error{"'-' (stdin) cannot be combined with other paths"});
  }
  for (const std::string& path : command.paths) {
    std::error_code error;
    if (path != "-" && !std::filesystem::exists(std::filesystem::symlink_status(path, error))) {
      return ConfigError(Error{"no such file or directory", path});
    }
  }
  auto compiled = LoadAndCompile(command.config_path, ScanRoot(command.paths), !command.no_cache, default_pack);
  if (!compiled.ok()) return ConfigError(compiled.error());
  auto filters = FilterSet::Create(compiled.value()->rules(), ScanRoot(command.paths), command.baseline_path);
  if (!filters.ok()) return ConfigError(filters.error());
  auto output = Output::Open(command.output);
  if (!output.ok()) return ConfigError(output.error());

  Reporter& reporter = output.value()->reporter();
  auto outcome = ScanForFindings(command, compiled.value(), filters.value()->all(),
                                 [&](const Finding& finding) { reporter.OnFinding(finding); });
  if (!outcome.ok()) {
    std::cerr << "vigil: error: " << outcome.error().ToString() << '\n';
    return kExitRuntime;
  }
  return output.value()->Finish(outcome.value().findings, compiled.value()->rules(), outcome.value().stats);
}

int RunGitCommand(const GitCommand& command, DefaultPackLoader& default_pack) {
  // A path that is not a repository is a usage error, found before compiling.
  std::string root;
  {
    auto repo = OpenRepository(command.repo_path);
    if (!repo.ok()) return ConfigError(repo.error());
    const char* workdir = git_repository_workdir(repo.value().get());
    root = workdir != nullptr ? workdir : command.repo_path;
  }  // sources open their own handles

  auto compiled = LoadAndCompile(command.config_path, root, !command.no_cache, default_pack);
  if (!compiled.ok()) return ConfigError(compiled.error());
  auto filters = FilterSet::Create(compiled.value()->rules(), root, command.baseline_path);
  if (!filters.ok()) return ConfigError(filters.error());
  auto output = Output::Open(command.output);
  if (!output.ok()) return ConfigError(output.error());

  // Filters run after attribution, when each finding has its final path,
  // commit and fingerprint.
  PipelineOptions pipeline = MakePipelineOptions(command.threads, command.output);
  pipeline.progress = command.progress && ::isatty(STDERR_FILENO) == 1;

  std::unique_ptr<GitHistorySource> history;
  std::unique_ptr<GitRangeSource> range;
  Source* source = nullptr;
  if (command.range.empty()) {
    GitHistoryOptions options;
    options.repo_path = command.repo_path;
    options.refs = command.refs;
    options.since = command.since;
    options.max_commits = command.max_commits;
    options.max_file_size = command.max_file_size;
    options.path_has_rules = [rules = compiled.value()](const std::string& path) {
      return rules->HasRulesForPath(path);
    };
    history = std::make_unique<GitHistorySource>(std::move(options));
    source = history.get();
  } else {
    GitRangeOptions options;
    options.repo_path = command.repo_path;
    options.range = command.range;
    options.max_file_size = command.max_file_size;
    range = std::make_unique<GitRangeSource>(std::move(options));
    source = range.get();
  }
  // Findings are merged per path after the walk, so none are streamed early.
  auto outcome = RunScan(*source, compiled.value(), pipeline, [](const Finding&) {}, std::cerr);
  if (!outcome.ok()) {
    std::cerr << "vigil: error: " << outcome.error().ToString() << '\n';
    return kExitRuntime;
  }
  std::vector<Finding> attributed = history ? history->Attribute(std::move(outcome.value().findings))
                                            : range->Attribute(std::move(outcome.value().findings));
  ScanStats& stats = outcome.value().stats;
  std::vector<Finding> findings = ApplyFilters(std::move(attributed), filters.value()->all(), stats);
  SortFindings(findings);
  stats.findings = findings.size();
  Reporter& reporter = output.value()->reporter();
  for (const Finding& finding : findings) reporter.OnFinding(finding);
  return output.value()->Finish(findings, compiled.value()->rules(), stats);
}

// The work tree root of the repository at `path`, for .vigil.toml and
// .vigilignore; a usage error when `path` is not in a repository.
Result<std::string> RepositoryRoot(const std::string& path) {
  auto repo = OpenRepository(path);
  if (!repo.ok()) return repo.error();
  const char* workdir = git_repository_workdir(repo.value().get());
  return std::string(workdir != nullptr ? workdir : path);
}

int RunStagedCommand(const StagedCommand& command, DefaultPackLoader& default_pack) {
  auto root = RepositoryRoot(command.repo_path);
  if (!root.ok()) return ConfigError(root.error());
  auto compiled = LoadAndCompile(command.config_path, root.value(), !command.no_cache, default_pack);
  if (!compiled.ok()) return ConfigError(compiled.error());
  auto filters = FilterSet::Create(compiled.value()->rules(), root.value(), command.baseline_path);
  if (!filters.ok()) return ConfigError(filters.error());
  auto output = Output::Open(command.output);
  if (!output.ok()) return ConfigError(output.error());

  PipelineOptions pipeline = MakePipelineOptions(command.threads, command.output);
  pipeline.filters = filters.value()->all();
  StagedOptions options;
  options.repo_path = command.repo_path;
  options.max_file_size = command.max_file_size;
  StagedSource source(std::move(options));
  Reporter& reporter = output.value()->reporter();
  auto outcome = RunScan(source, compiled.value(), pipeline,
                         [&](const Finding& finding) { reporter.OnFinding(finding); }, std::cerr);
  if (!outcome.ok()) {
    std::cerr << "vigil: error: " << outcome.error().ToString() << '\n';
    return kExitRuntime;
  }
  int status = output.value()->Finish(outcome.value().findings, compiled.value()->rules(), outcome.value().stats);
  if (!outcome.value().findings.empty()) {
    std::cerr << "vigil: commit refused: the staged changes add " << outcome.value().findings.size()
              << " secret(s).\n"
                 "  Remove each secret from the staged file (git add it again), and rotate it if it was real.\n"
                 "  A false positive? Add a `vigil:allow` comment on its line, or its fingerprint to .vigilignore.\n"
                 "  To skip this check once: git commit --no-verify\n";
  }
  return status;
}

int RunInstallHookCommand(const InstallHookCommand& command) {
  InstallHookOptions options;
  options.repo_path = command.repo_path;
  options.chain = command.chain;
  options.force = command.force;
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) options.vigil_path = self.string();
  auto installed = InstallPreCommitHook(options);
  if (!installed.ok()) return ConfigError(installed.error());
  std::cout << "vigil: pre-commit hook " << installed.value() << '\n';
  return kExitClean;
}

int RunBaselineCreateCommand(const BaselineCreateCommand& command, DefaultPackLoader& default_pack) {
  const ScanCommand& scan = command.scan;
  auto compiled = LoadAndCompile(scan.config_path, ScanRoot(scan.paths), !scan.no_cache, default_pack);
  if (!compiled.ok()) return ConfigError(compiled.error());
  auto filters = FilterSet::Create(compiled.value()->rules(), ScanRoot(scan.paths), "");
  if (!filters.ok()) return ConfigError(filters.error());
  auto outcome = ScanForFindings(scan, compiled.value(), filters.value()->all(), [](const Finding&) {});
  if (!outcome.ok()) {
    std::cerr << "vigil: error: " << outcome.error().ToString() << '\n';
    return kExitRuntime;
  }
  // Written beside the target and renamed, so a failed write leaves the old baseline.
  std::string temporary = command.baseline_path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << FormatBaseline(outcome.value().findings);
    if (!out.flush()) return ConfigError(Error{"cannot write the baseline", temporary});
  }
  std::error_code error;
  std::filesystem::rename(temporary, command.baseline_path, error);
  if (error) return ConfigError(Error{"cannot write the baseline: " + error.message(), command.baseline_path});
  std::cerr << "vigil: baseline of " << outcome.value().findings.size() << " finding(s) written to "
            << command.baseline_path << '\n';
  return kExitClean;
}

int RunRulesListCommand(const RulesListCommand& command) {
  auto rules = LoadRuleSet(command.config_path, "");
  if (!rules.ok()) return ConfigError(rules.error());
  if (command.format == ReportFormat::kJson) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Rule& rule : rules.value().rules()) {
      list.push_back({{"id", rule.id},
                      {"severity", SeverityName(rule.severity)},
                      {"description", rule.description},
                      {"tags", rule.tags},
                      {"keywords", rule.keywords},
                      {"source", rule.source_file}});
    }
    std::cout << list.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return kExitClean;
  }
  size_t width = 0;
  for (const Rule& rule : rules.value().rules()) width = std::max(width, rule.id.size());
  for (const Rule& rule : rules.value().rules()) {
    std::string id = rule.id;
    id.resize(width, ' ');
    std::string severity(SeverityName(rule.severity));
    severity.resize(8, ' ');
    std::cout << id << "  " << severity << "  " << rule.description << '\n';
  }
  std::cout << rules.value().size() << " rules\n";
  return kExitClean;
}

int RunRulesCheckCommand(const RulesCheckCommand& command) {
  // Compiled afresh, never from a stored database: this command is the proof
  // that every rule compiles in both Hyperscan and RE2.
  auto rules = LoadRuleSet(command.config_path, "");
  if (!rules.ok()) return ConfigError(rules.error());
  auto compiled = CompiledRules::Compile(std::move(rules).value());
  if (!compiled.ok()) return ConfigError(compiled.error());
  auto allowlists = AllowlistFilter::Create(compiled.value()->rules());
  if (!allowlists.ok()) return ConfigError(allowlists.error());
  RuleCheckOptions options;
  options.strict = command.strict;
  options.keep = [filter = allowlists.value().get()](const Finding& finding) { return filter->Keep(finding); };
  std::vector<RuleCheckFailure> failures = CheckRules(compiled.value(), options);
  for (const RuleCheckFailure& failure : failures) {
    std::cout << "FAIL " << failure.rule_id << ": " << failure.message << '\n';
  }
  size_t rule_count = compiled.value()->rules().size();
  size_t examples = 0;
  size_t prefiltered = 0;
  for (size_t i = 0; i < rule_count; ++i) {
    const Rule& rule = compiled.value()->rules().rules()[i];
    examples += rule.examples.size() + rule.negative_examples.size();
    prefiltered += compiled.value()->is_prefilter(i) ? 1 : 0;
  }
  std::cout << rule_count << " rules, " << examples << " examples, " << failures.size()
            << " failures (" << prefiltered << " rules in Hyperscan prefilter mode)\n";
  return failures.empty() ? kExitClean : 1;
}

}  // namespace vigil

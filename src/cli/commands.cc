#include "cli/commands.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "engine/compiled_rules.h"
#include "engine/rule_checker.h"
#include "filter/inline_ignore.h"
#include "rules/config.h"
#include "scan/pipeline.h"
#include "source/git_history_source.h"
#include "source/git_range_source.h"
#include "source/stdin_source.h"
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

Result<std::shared_ptr<const CompiledRules>> LoadAndCompile(const std::string& config_path,
                                                            const std::string& scan_root) {
  auto rules = LoadRuleSet(config_path, scan_root);
  if (!rules.ok()) return rules.error();
  return CompiledRules::Compile(std::move(rules).value());
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

PipelineOptions MakePipelineOptions(unsigned threads, const OutputOptions& output,
                                    const InlineIgnore& inline_ignore) {
  PipelineOptions pipeline;
  pipeline.threads = threads;
  pipeline.print_warnings = !output.quiet;
  pipeline.filters = {&inline_ignore};
  return pipeline;
}

}  // namespace

int RunScanCommand(const ScanCommand& command) {
  if (command.paths.size() > 1 &&
      std::find(command.paths.begin(), command.paths.end(), "-") != command.paths.end()) {
    return ConfigError(Error{"'-' (stdin) cannot be combined with other paths"});
  }
  auto compiled = LoadAndCompile(command.config_path, ScanRoot(command.paths));
  if (!compiled.ok()) return ConfigError(compiled.error());
  auto output = Output::Open(command.output);
  if (!output.ok()) return ConfigError(output.error());

  InlineIgnore inline_ignore;
  PipelineOptions pipeline = MakePipelineOptions(command.threads, command.output, inline_ignore);
  std::unique_ptr<Source> source = MakeSource(command);
  Reporter& reporter = output.value()->reporter();
  auto outcome = RunScan(*source, compiled.value(), pipeline,
                         [&](const Finding& finding) { reporter.OnFinding(finding); }, std::cerr);
  if (!outcome.ok()) {
    std::cerr << "vigil: error: " << outcome.error().ToString() << '\n';
    return kExitRuntime;
  }
  return output.value()->Finish(outcome.value().findings, compiled.value()->rules(), outcome.value().stats);
}

int RunGitCommand(const GitCommand& command) {
  // A path that is not a repository is a usage error, found before compiling.
  std::string root;
  {
    auto repo = OpenRepository(command.repo_path);
    if (!repo.ok()) return ConfigError(repo.error());
    const char* workdir = git_repository_workdir(repo.value().get());
    root = workdir != nullptr ? workdir : command.repo_path;
  }  // sources open their own handles

  auto compiled = LoadAndCompile(command.config_path, root);
  if (!compiled.ok()) return ConfigError(compiled.error());
  auto output = Output::Open(command.output);
  if (!output.ok()) return ConfigError(output.error());

  InlineIgnore inline_ignore;
  PipelineOptions pipeline = MakePipelineOptions(command.threads, command.output, inline_ignore);
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
  std::vector<Finding> findings = history ? history->Attribute(std::move(outcome.value().findings))
                                          : range->Attribute(std::move(outcome.value().findings));
  SortFindings(findings);
  ScanStats& stats = outcome.value().stats;
  stats.findings = findings.size();
  Reporter& reporter = output.value()->reporter();
  for (const Finding& finding : findings) reporter.OnFinding(finding);
  return output.value()->Finish(findings, compiled.value()->rules(), stats);
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
  auto compiled = LoadAndCompile(command.config_path, "");
  if (!compiled.ok()) return ConfigError(compiled.error());
  RuleCheckOptions options;
  options.strict = command.strict;
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

// Reporter: writes findings in one output format. Reporters never know how
// bytes were read or matched; they see findings, the rule set and statistics.
//
// Thread rules: a reporter is driven by one thread at a time. The pipeline
// calls OnFinding as findings are confirmed (streaming formats write there),
// then Finish once with every finding, sorted by path, line, column, rule.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "rules/rule.h"
#include "scan/stats.h"

namespace vigil {

enum class ReportFormat { kText, kJson, kJsonl, kSarif, kGitleaksJson };

std::optional<ReportFormat> ParseReportFormat(std::string_view name);  // "text", "json", ..., "gitleaks-json"

struct ReportOptions {
  bool show_secrets = false;  // print secrets and matches in full
  bool color = false;         // ANSI colour (text format, on a terminal)
  std::string tool_version;   // written into JSON and SARIF
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void OnFinding(const Finding& finding) { (void)finding; }
  virtual void Finish(const std::vector<Finding>& findings, const RuleSet& rules,
                      const ScanStats& stats) = 0;
};

std::unique_ptr<Reporter> MakeReporter(ReportFormat format, std::ostream& out,
                                       const ReportOptions& options);

}  // namespace vigil

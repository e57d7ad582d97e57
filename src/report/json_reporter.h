// JSON reporters for machines: `json` writes one document (tool, findings,
// stats) when the scan finishes; `jsonl` writes one finding object per line as
// findings arrive, so a consumer can act before the scan ends.
#pragma once

#include <ostream>
#include <vector>

#include "report/reporter.h"

namespace vigil {

class JsonReporter : public Reporter {
 public:
  JsonReporter(std::ostream& out, ReportOptions options);

  void Finish(const std::vector<Finding>& findings, const RuleSet& rules,
              const ScanStats& stats) override;

 private:
  std::ostream& out_;
  ReportOptions options_;
};

class JsonLinesReporter : public Reporter {
 public:
  JsonLinesReporter(std::ostream& out, ReportOptions options);

  // Writes and flushes one line per finding.
  void OnFinding(const Finding& finding) override;
  // Writes nothing: every finding is already out.
  void Finish(const std::vector<Finding>& findings, const RuleSet& rules,
              const ScanStats& stats) override;

 private:
  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace vigil

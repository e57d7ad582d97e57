// GitleaksJsonReporter: gitleaks v8's JSON report shape (`--format
// gitleaks-json`), so pipelines built around gitleaks keep working. Secrets
// are "REDACTED" unless --show-secrets, as in `gitleaks --redact`.
#pragma once

#include <ostream>

#include "report/reporter.h"

namespace vigil {

class GitleaksJsonReporter : public Reporter {
 public:
  GitleaksJsonReporter(std::ostream& out, const ReportOptions& options) : out_(out), options_(options) {}
  void Finish(const std::vector<Finding>& findings, const RuleSet& rules, const ScanStats& stats) override;

 private:
  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace vigil

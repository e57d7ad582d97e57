// SarifReporter: SARIF 2.1.0 for GitHub code scanning and other SARIF
// viewers. One run; every rule of the rule set is declared once in
// tool.driver.rules, and each finding becomes a result that points at it.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/reporter.h"

namespace vigil {

// A relative path as a URI reference: bytes outside the unreserved set and
// "/!$&'()*+,;=@" become %XX, so spaces, '%', '#', '?', ':' and non-ASCII
// bytes are encoded ("my dir/a#1.txt" -> "my%20dir/a%231.txt").
std::string PercentEncodePath(std::string_view path);

// SARIF rule name from a rule id: "github-pat" -> "GithubPat".
std::string CamelCaseName(std::string_view id);

class SarifReporter : public Reporter {
 public:
  SarifReporter(std::ostream& out, ReportOptions options);

  void Finish(const std::vector<Finding>& findings, const RuleSet& rules,
              const ScanStats& stats) override;

 private:
  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace vigil

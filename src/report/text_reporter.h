// TextReporter: findings for a person reading a terminal or a log. One block
// per finding (location, rule, redacted secret and match, fingerprint, commit
// for git findings), then a one-line summary of what was scanned and skipped.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "report/reporter.h"

namespace vigil {

// "512 B", "45.1 KiB", "3.0 MiB": binary units, one decimal above bytes.
std::string HumanBytes(uint64_t bytes);

class TextReporter : public Reporter {
 public:
  TextReporter(std::ostream& out, ReportOptions options);

  // Everything is written here, in the pipeline's sorted order.
  void Finish(const std::vector<Finding>& findings, const RuleSet& rules,
              const ScanStats& stats) override;

 private:
  void WriteFinding(const Finding& finding);
  void WriteSummary(size_t finding_count, const ScanStats& stats);
  // `text` wrapped in the ANSI style `code` when colour is on.
  std::string Styled(std::string_view text, std::string_view code) const;

  std::ostream& out_;
  ReportOptions options_;
};

}  // namespace vigil

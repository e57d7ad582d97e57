#include "report/reporter.h"

#include "report/gitleaks_reporter.h"
#include "report/json_reporter.h"
#include "report/sarif_reporter.h"
#include "report/text_reporter.h"

namespace vigil {

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "json") return ReportFormat::kJson;
  if (name == "jsonl") return ReportFormat::kJsonl;
  if (name == "sarif") return ReportFormat::kSarif;
  if (name == "gitleaks-json") return ReportFormat::kGitleaksJson;
  return std::nullopt;
}

std::unique_ptr<Reporter> MakeReporter(ReportFormat format, std::ostream& out,
                                       const ReportOptions& options) {
  switch (format) {
    case ReportFormat::kText:
      return std::make_unique<TextReporter>(out, options);
    case ReportFormat::kJson:
      return std::make_unique<JsonReporter>(out, options);
    case ReportFormat::kJsonl:
      return std::make_unique<JsonLinesReporter>(out, options);
    case ReportFormat::kSarif:
      return std::make_unique<SarifReporter>(out, options);
    case ReportFormat::kGitleaksJson:
      return std::make_unique<GitleaksJsonReporter>(out, options);
  }
  return nullptr;  // unreachable: the switch covers every format
}

}  // namespace vigil

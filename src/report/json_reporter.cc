#include "report/json_reporter.h"

#include <cmath>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "report/redact.h"

namespace vigil {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kPrettyIndent = 2;
constexpr int kCompact = -1;

double RoundedToHundredths(double value) { return std::round(value * 100.0) / 100.0; }

// Secrets and paths may hold bytes that are not UTF-8; nlohmann throws on
// those by default, and one odd byte must not lose the whole report.
std::string Dump(const Json& json, int indent) {
  return json.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

Json GitToJson(const GitOrigin& git) {
  return Json{{"commit", git.commit},
              {"author_name", git.author_name},
              {"author_email", git.author_email},
              {"date", git.date},
              {"summary", git.summary},
              {"blob_id", git.blob_id},
              {"in_head", git.in_head},
              {"occurrences", git.occurrences}};
}

Json RuleFieldsToJson(const Rule* rule) {
  if (rule == nullptr) {
    return Json{{"rule_id", ""}, {"description", ""}, {"severity", ""}, {"tags", Json::array()}};
  }
  return Json{{"rule_id", rule->id},
              {"description", rule->description},
              {"severity", SeverityName(rule->severity)},
              {"tags", rule->tags}};
}

Json FindingToJson(const Finding& finding, const ReportOptions& options) {
  const bool redact = !options.show_secrets;
  const Span& at = finding.secret_span;
  Json json = RuleFieldsToJson(finding.rule);
  json["path"] = finding.provenance.path;
  json["start_line"] = at.start_line;
  json["start_column"] = at.start_column;
  json["end_line"] = at.end_line;
  json["end_column"] = at.end_column;
  json["secret"] = redact ? Redact(finding.secret) : finding.secret;
  json["match"] = redact ? RedactIn(finding.match, finding.secret) : finding.match;
  json["redacted"] = redact;
  json["entropy"] = RoundedToHundredths(finding.entropy);
  if (finding.rule != nullptr && finding.rule->randomness > 0) json["randomness"] = RoundedToHundredths(finding.randomness);
  json["fingerprint"] = finding.fingerprint;
  if (finding.provenance.git) json["git"] = GitToJson(*finding.provenance.git);
  return json;
}

Json StatsToJson(const ScanStats& stats) {
  Json warnings = Json::array();
  for (const Warning& warning : stats.warnings) {
    warnings.push_back(Json{{"path", warning.path}, {"message", warning.message}});
  }
  Json skipped = Json::object();
  for (const auto& [reason, count] : stats.skipped) skipped[reason] = count;
  Json suppressed = Json::object();
  for (const auto& [filter, count] : stats.suppressed) suppressed[filter] = count;
  return Json{{"files_scanned", stats.files_scanned},
              {"bytes_scanned", stats.bytes_scanned},
              {"skipped", std::move(skipped)},
              {"skipped_total", stats.skipped_total()},
              {"suppressed", std::move(suppressed)},
              {"findings", stats.findings},
              {"seconds", stats.seconds},
              {"warnings", std::move(warnings)}};
}

}  // namespace

JsonReporter::JsonReporter(std::ostream& out, ReportOptions options)
    : out_(out), options_(std::move(options)) {}

void JsonReporter::Finish(const std::vector<Finding>& findings, const RuleSet& rules,
                          const ScanStats& stats) {
  (void)rules;  // each finding carries its rule
  Json findings_json = Json::array();
  for (const Finding& finding : findings) findings_json.push_back(FindingToJson(finding, options_));
  const Json document{{"tool", Json{{"name", "vigil"}, {"version", options_.tool_version}}},
                      {"findings", std::move(findings_json)},
                      {"stats", StatsToJson(stats)}};
  out_ << Dump(document, kPrettyIndent) << '\n';
  out_.flush();
}

JsonLinesReporter::JsonLinesReporter(std::ostream& out, ReportOptions options)
    : out_(out), options_(std::move(options)) {}

void JsonLinesReporter::OnFinding(const Finding& finding) {
  // Flushed per line so a consumer reading a pipe sees each finding at once.
  out_ << Dump(FindingToJson(finding, options_), kCompact) << std::endl;
}

void JsonLinesReporter::Finish(const std::vector<Finding>& findings, const RuleSet& rules,
                               const ScanStats& stats) {
  (void)findings;
  (void)rules;
  (void)stats;
}

}  // namespace vigil

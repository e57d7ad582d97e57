#include "report/sarif_reporter.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "report/redact.h"

namespace vigil {
namespace {

using Json = nlohmann::ordered_json;
using RuleIndex = std::map<std::string, size_t, std::less<>>;  // rule id -> index in driver.rules

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kSarifVersion = "2.1.0";
constexpr std::string_view kInformationUri = "https://github.com/vigil-scanner/vigil";
constexpr std::string_view kSrcRoot = "%SRCROOT%";
constexpr std::string_view kFingerprintKey = "vigilFingerprint/v1";
// Characters a URI path may carry as they are, besides letters and digits.
// ':' is left out: "a:b" would read as a URI with scheme "a".
constexpr std::string_view kPathSafe = "-._~/!$&'()*+,;=@";

// ASCII only: <cctype> answers by locale, and a URI must not depend on it.
bool IsAsciiAlnum(unsigned char byte) {
  return (byte >= '0' && byte <= '9') || (byte >= 'A' && byte <= 'Z') ||
         (byte >= 'a' && byte <= 'z');
}

bool IsPathSafe(unsigned char byte) {
  return IsAsciiAlnum(byte) || kPathSafe.find(static_cast<char>(byte)) != std::string_view::npos;
}

std::string_view Level(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
    case Severity::kInfo:
      return "note";
  }
  return "note";
}

// GitHub ranks alerts by this score, and wants it as a string holding a number.
std::string_view SecuritySeverity(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
    case Severity::kInfo:
      return "1.0";
  }
  return "1.0";
}

std::string Dump(const Json& json) {
  return json.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

std::string HelpText(const Rule& rule) {
  if (rule.remediation.empty()) return rule.description;
  return rule.description + "\n\n" + rule.remediation;
}

std::string HelpMarkdown(const Rule& rule) {
  std::string markdown = "**" + rule.description + "**";
  if (!rule.remediation.empty()) markdown += "\n\n" + rule.remediation;
  return markdown;
}

// Rule tags plus "security": GitHub shows security-severity only on rules tagged so.
Json Tags(const Rule& rule) {
  Json tags = rule.tags;
  bool has_security = false;
  for (const std::string& tag : rule.tags) has_security = has_security || tag == "security";
  if (!has_security) tags.push_back("security");
  return tags;
}

Json RuleToJson(const Rule& rule) {
  return Json{
      {"id", rule.id},
      {"name", CamelCaseName(rule.id)},
      {"shortDescription", Json{{"text", rule.description}}},
      {"fullDescription", Json{{"text", rule.description}}},
      {"help", Json{{"text", HelpText(rule)}, {"markdown", HelpMarkdown(rule)}}},
      {"defaultConfiguration", Json{{"level", Level(rule.severity)}}},
      {"properties", Json{{"tags", Tags(rule)},
                          {"security-severity", SecuritySeverity(rule.severity)},
                          {"precision", "high"}}}};
}

// Declares each rule id once, first definition wins, and remembers its index.
Json RulesToJson(const RuleSet& rules, RuleIndex& index) {
  Json json = Json::array();
  for (const Rule& rule : rules.rules()) {
    if (!index.emplace(rule.id, json.size()).second) continue;
    json.push_back(RuleToJson(rule));
  }
  return json;
}

Json DriverToJson(const RuleSet& rules, const ReportOptions& options, RuleIndex& index) {
  Json driver{{"name", "vigil"}};
  if (!options.tool_version.empty()) {
    driver["version"] = options.tool_version;
    driver["semanticVersion"] = options.tool_version;
  }
  driver["informationUri"] = kInformationUri;
  driver["rules"] = RulesToJson(rules, index);
  return driver;
}

// SARIF lines and columns are 1-based and endColumn is exclusive; a span the
// engine left unset (0) is not reported rather than reported wrong.
std::optional<Json> RegionToJson(const Span& span) {
  if (span.start_line < 1) return std::nullopt;
  Json region{{"startLine", span.start_line}};
  if (span.start_column >= 1) region["startColumn"] = span.start_column;
  if (span.end_line >= span.start_line) region["endLine"] = span.end_line;
  if (span.end_column >= 1) region["endColumn"] = span.end_column + 1;
  return region;
}

Json LocationToJson(const Finding& finding) {
  Json physical{{"artifactLocation", Json{{"uri", PercentEncodePath(finding.provenance.path)},
                                          {"uriBaseId", kSrcRoot}}}};
  if (auto region = RegionToJson(finding.secret_span)) physical["region"] = std::move(*region);
  return Json{{"physicalLocation", std::move(physical)}};
}

Json GitPropertiesToJson(const GitOrigin& git) {
  return Json{{"commit", git.commit},         {"author_name", git.author_name},
              {"author_email", git.author_email}, {"date", git.date},
              {"summary", git.summary},       {"in_head", git.in_head}};
}

std::string MessageText(const Finding& finding, const ReportOptions& options) {
  const std::string secret = options.show_secrets ? finding.secret : Redact(finding.secret);
  const std::string what = finding.rule ? finding.rule->description : "Secret";
  return what + ": " + secret;
}

Json ResultToJson(const Finding& finding, const ReportOptions& options, const RuleIndex& index) {
  Json result = Json::object();
  Severity severity = Severity::kMedium;
  if (finding.rule) {
    severity = finding.rule->severity;
    result["ruleId"] = finding.rule->id;
    if (auto it = index.find(finding.rule->id); it != index.end()) result["ruleIndex"] = it->second;
  }
  result["level"] = Level(severity);
  result["message"] = Json{{"text", MessageText(finding, options)}};
  result["locations"] = Json::array({LocationToJson(finding)});
  result["partialFingerprints"] = Json{{kFingerprintKey, finding.fingerprint}};
  if (finding.provenance.git) result["properties"] = GitPropertiesToJson(*finding.provenance.git);
  return result;
}

Json InvocationToJson(const ScanStats& stats) {
  Json invocation{{"executionSuccessful", true}};
  if (stats.warnings.empty()) return invocation;
  Json notifications = Json::array();
  for (const Warning& warning : stats.warnings) {
    notifications.push_back(Json{{"level", "warning"},
                                 {"message", Json{{"text", warning.path + ": " + warning.message}}}});
  }
  invocation["toolExecutionNotifications"] = std::move(notifications);
  return invocation;
}

}  // namespace

std::string PercentEncodePath(std::string_view path) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(path.size());
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsPathSafe(byte)) {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0x0F];
    }
  }
  return encoded;
}

std::string CamelCaseName(std::string_view id) {
  std::string name;
  bool start_of_word = true;
  for (const char c : id) {
    const auto byte = static_cast<unsigned char>(c);
    if (!IsAsciiAlnum(byte)) {
      start_of_word = true;  // separators ('-', '_', '.') are dropped
      continue;
    }
    const bool lower = byte >= 'a' && byte <= 'z';
    name += start_of_word && lower ? static_cast<char>(byte - 'a' + 'A') : c;
    start_of_word = false;
  }
  return name;
}

SarifReporter::SarifReporter(std::ostream& out, ReportOptions options)
    : out_(out), options_(std::move(options)) {}

void SarifReporter::Finish(const std::vector<Finding>& findings, const RuleSet& rules,
                           const ScanStats& stats) {
  RuleIndex index;
  Json run{{"tool", Json{{"driver", DriverToJson(rules, options_, index)}}}};
  run["invocations"] = Json::array({InvocationToJson(stats)});
  run["columnKind"] = "unicodeCodePoints";
  Json results = Json::array();
  for (const Finding& finding : findings) results.push_back(ResultToJson(finding, options_, index));
  run["results"] = std::move(results);

  const Json document{{"$schema", kSchema}, {"version", kSarifVersion}, {"runs", Json::array({run})}};
  out_ << Dump(document) << '\n';
  out_.flush();
}

}  // namespace vigil

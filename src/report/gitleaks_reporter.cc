#include "report/gitleaks_reporter.h"

#include <nlohmann/json.hpp>

#include "core/fingerprint.h"

namespace vigil {
namespace {

std::string Hide(const std::string& text, const std::string& secret, bool show) {
  if (show || secret.empty()) return text;
  std::string out = text;
  for (size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 8)) {
    out.replace(at, secret.size(), "REDACTED");
  }
  return out;
}

}  // namespace

void GitleaksJsonReporter::Finish(const std::vector<Finding>& findings, const RuleSet& /*rules*/,
                                  const ScanStats& /*stats*/) {
  nlohmann::ordered_json report = nlohmann::ordered_json::array();
  for (const Finding& finding : findings) {
    const bool show = options_.show_secrets;
    const GitOrigin* git = finding.provenance.git ? &*finding.provenance.git : nullptr;
    // gitleaks reports the match's span; its EndColumn is one past the last character.
    report.push_back({{"RuleID", finding.rule->id},
                      {"Description", finding.rule->description},
                      {"StartLine", finding.match_span.start_line},
                      {"EndLine", finding.match_span.end_line},
                      {"StartColumn", finding.match_span.start_column},
                      {"EndColumn", finding.match_span.end_column + 1},
                      {"Match", Hide(finding.match, finding.secret, show)},
                      {"Secret", show ? finding.secret : "REDACTED"},
                      {"File", finding.provenance.path},
                      {"SymlinkFile", ""},
                      {"Commit", git != nullptr ? git->commit : ""},
                      {"Entropy", finding.entropy},
                      {"Author", git != nullptr ? git->author_name : ""},
                      {"Email", git != nullptr ? git->author_email : ""},
                      {"Date", git != nullptr ? git->date : ""},
                      {"Message", git != nullptr ? git->summary : ""},
                      {"Tags", finding.rule->tags},
                      {"Fingerprint", GitleaksFingerprint(finding)}});
  }
  out_ << report.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace vigil

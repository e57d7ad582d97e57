#include "lsp/features.h"

#include <set>

#include "lsp/comment_syntax.h"
#include "report/redact.h"

namespace vigil::lsp {
namespace {

constexpr std::string_view kRepository = "https://github.com/vigil-scanner/vigil/blob/main/";

// The report applies to the document's current text.
const DocumentReport* CurrentReport(const DocumentState& document) {
  if (!document.report || document.report->text != document.text) return nullptr;
  return document.report.get();
}

Range RangeOf(const LineTable& lines, const Span& span, PositionEncoding encoding) {
  return Range{lines.PositionOf(span.begin_offset, encoding), lines.PositionOf(span.end_offset, encoding)};
}

bool Touches(const Range& a, const Range& b) { return !(a.end < b.start) && !(b.end < a.start); }

// Control characters would break the one-line entry.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  return out;
}

std::string DiagnosticMessage(const Finding& finding) {
  const std::string& description = finding.rule->description.empty() ? finding.rule->id : finding.rule->description;
  return description + ": " + Redact(finding.secret);
}

}  // namespace

std::string RuleDocumentationLink(const Rule& rule) {
  const std::string& file = rule.source_file;
  if (file.empty()) return "";
  if (file.front() == '/') return PathToFileUri(file);
  if (file.starts_with("rules/")) return std::string(kRepository) + file;
  return "";
}

std::string RemediationText(const Rule& rule) {
  if (!rule.remediation.empty()) return rule.remediation;
  return "Revoke this credential where it was issued, issue a new one, update what uses it, and take it "
         "out of the file (and out of git history if it was committed).";
}

DiagnosticSeverity SeverityOf(const Rule& rule) {
  switch (rule.severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return DiagnosticSeverity::kError;
    case Severity::kMedium:
      return DiagnosticSeverity::kWarning;
    case Severity::kLow:
      return DiagnosticSeverity::kInformation;
    case Severity::kInfo:
      return DiagnosticSeverity::kHint;
  }
  return DiagnosticSeverity::kWarning;
}

std::vector<Diagnostic> DiagnosticsFor(const DocumentReport& report, PositionEncoding encoding) {
  std::vector<Diagnostic> diagnostics;
  if (report.findings.empty() || !report.text) return diagnostics;
  LineTable lines(*report.text);
  for (const Finding& finding : report.findings) {
    Diagnostic diagnostic;
    diagnostic.range = RangeOf(lines, finding.secret_span, encoding);
    diagnostic.severity = SeverityOf(*finding.rule);
    diagnostic.code = finding.rule->id;
    diagnostic.code_href = RuleDocumentationLink(*finding.rule);
    diagnostic.message = DiagnosticMessage(finding);
    diagnostic.fingerprint = finding.fingerprint;
    diagnostics.push_back(std::move(diagnostic));
  }
  return diagnostics;
}

std::string IgnoreEntry(const Finding& finding) {
  return finding.fingerprint + "  # " + finding.rule->id + " in " + OneLine(finding.provenance.path) + "\n";
}

namespace {

Json AllowLineAction(const DocumentState& document, const LineTable& lines, const Finding& finding,
                     const CommentSyntax& syntax, const Json& diagnostic, const ActionContext& context) {
  // InlineIgnore reads the secret's line, or the last line of a match that
  // spans lines (the END line of a private key).
  size_t secret_line = lines.LineOf(finding.secret_span.begin_offset);
  size_t match_last = lines.LineOf(finding.match_span.end_offset > 0 ? finding.match_span.end_offset - 1 : 0);
  size_t line = match_last > secret_line ? match_last : secret_line;
  Position end = lines.PositionOf(lines.LineEnd(line), context.encoding);
  TextEdit edit{Range{end, end}, AllowComment(syntax)};
  Json workspace_edit;
  if (context.client.document_changes) {
    workspace_edit["documentChanges"] = Json::array(
        {Json{{"textDocument", {{"uri", document.uri}, {"version", document.version}}}, {"edits", Json::array({ToJson(edit)})}}});
  } else {
    workspace_edit["changes"] = Json{{document.uri, Json::array({ToJson(edit)})}};
  }
  return Json{{"title", "vigil: allow this line (" + std::string(syntax.open) + " vigil:allow)"},
              {"kind", "quickfix"},
              {"diagnostics", Json::array({diagnostic})},
              {"edit", workspace_edit}};
}

Json IgnoreEverywhereAction(const Finding& finding, const Json& diagnostic, const ActionContext& context) {
  const IgnoreFileState& file = context.ignore_file;
  std::string entry = IgnoreEntry(finding);
  Position at{0, 0};
  if (file.text) {
    LineTable lines(*file.text);
    at = lines.PositionOf(file.text->size(), context.encoding);
    if (!file.text->empty() && file.text->back() != '\n') entry = "\n" + entry;
  }
  TextEdit edit{Range{at, at}, entry};
  Json workspace_edit;
  if (context.client.document_changes) {
    Json changes = Json::array();
    if (!file.text && context.client.create_files) {
      changes.push_back(Json{{"kind", "create"}, {"uri", file.uri}, {"options", {{"ignoreIfExists", true}}}});
    }
    Json version = file.open_version ? Json(*file.open_version) : Json(nullptr);
    changes.push_back(Json{{"textDocument", {{"uri", file.uri}, {"version", version}}}, {"edits", Json::array({ToJson(edit)})}});
    workspace_edit["documentChanges"] = changes;
  } else {
    workspace_edit["changes"] = Json{{file.uri, Json::array({ToJson(edit)})}};
  }
  return Json{{"title", "vigil: ignore this finding everywhere (.vigilignore)"},
              {"kind", "quickfix"},
              {"diagnostics", Json::array({diagnostic})},
              {"edit", workspace_edit}};
}

}  // namespace

Json CodeActionsFor(const DocumentState& document, const Range& range, const ActionContext& context) {
  Json actions = Json::array();
  const DocumentReport* report = CurrentReport(document);
  if (report == nullptr || report->findings.empty()) return actions;
  LineTable lines(*report->text);
  std::optional<CommentSyntax> syntax = CommentSyntaxFor(document.language_id, document.path);
  std::set<size_t> allowed_lines;
  std::set<std::string> ignored;
  for (const Finding& finding : report->findings) {
    Range secret = RangeOf(lines, finding.secret_span, context.encoding);
    // A request for a cursor (an empty range) covers its whole line.
    Range wanted = range;
    if (wanted.start == wanted.end) wanted = Range{{range.start.line, 0}, {range.start.line, UINT32_MAX}};
    if (!Touches(secret, wanted)) continue;
    Diagnostic diagnostic;
    diagnostic.range = secret;
    diagnostic.severity = SeverityOf(*finding.rule);
    diagnostic.code = finding.rule->id;
    diagnostic.code_href = RuleDocumentationLink(*finding.rule);
    diagnostic.message = DiagnosticMessage(finding);
    diagnostic.fingerprint = finding.fingerprint;
    Json diagnostic_json = ToJson(diagnostic);
    if (syntax && allowed_lines.insert(lines.LineOf(finding.secret_span.begin_offset)).second) {
      actions.push_back(AllowLineAction(document, lines, finding, *syntax, diagnostic_json, context));
    }
    if (ignored.insert(finding.fingerprint).second) {
      actions.push_back(IgnoreEverywhereAction(finding, diagnostic_json, context));
    }
  }
  return actions;
}

Json HoverFor(const DocumentState& document, Position position, PositionEncoding encoding, bool markdown) {
  const DocumentReport* report = CurrentReport(document);
  if (report == nullptr) return nullptr;
  LineTable lines(*report->text);
  for (const Finding& finding : report->findings) {
    Range secret = RangeOf(lines, finding.secret_span, encoding);
    if (position < secret.start || secret.end < position) continue;
    const Rule& rule = *finding.rule;
    std::string severity(SeverityName(rule.severity));
    std::string description = rule.description.empty() ? rule.id : rule.description;
    std::string link = RuleDocumentationLink(rule);
    std::string text;
    if (markdown) {
      text = "**vigil: " + description + "**\n\n" + "Rule `" + rule.id + "`, severity **" + severity +
             "**, secret `" + Redact(finding.secret) + "`\n\n" + "**Revoke and rotate:** " + RemediationText(rule) +
             "\n\n" + "Not a secret? Add a `vigil:allow` comment on the line, or fingerprint `" +
             finding.fingerprint + "` to `.vigilignore` (quick fixes).";
      if (!link.empty()) text += "\n\n[Rule " + rule.id + "](" + link + ")";
    } else {
      text = "vigil: " + description + "\nRule " + rule.id + ", severity " + severity + ", secret " +
             Redact(finding.secret) + "\n\nRevoke and rotate: " + RemediationText(rule) +
             "\n\nNot a secret? Add a vigil:allow comment on the line, or fingerprint " + finding.fingerprint +
             " to .vigilignore (quick fixes).";
      if (!link.empty()) text += "\nRule documentation: " + link;
    }
    return Json{{"contents", {{"kind", markdown ? "markdown" : "plaintext"}, {"value", text}}},
                {"range", ToJson(secret)}};
  }
  return nullptr;
}

}  // namespace vigil::lsp

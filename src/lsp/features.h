// Features: what the server answers about findings, built from the scanner's
// reports: diagnostics, code actions ("Allow this line", "Ignore this finding
// everywhere") and hover text. Pure functions of their inputs; the server
// (server.h) decides when to call them and frames the answers.
//
// No text built here holds a full secret: messages carry Redact(secret).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lsp/document_scanner.h"
#include "lsp/protocol.h"

namespace vigil::lsp {

// Where a rule is documented: its file in the default pack's repository, or
// the config file that defines it. Empty when neither is known.
std::string RuleDocumentationLink(const Rule& rule);

// How to revoke and rotate what a rule finds (its `remediation`, else general advice).
std::string RemediationText(const Rule& rule);

DiagnosticSeverity SeverityOf(const Rule& rule);

// One diagnostic per finding, on the secret's range.
std::vector<Diagnostic> DiagnosticsFor(const DocumentReport& report, PositionEncoding encoding);

// The `.vigilignore` a code action edits: its URI, and its current text when
// the file exists (the editor's buffer when it has the file open).
struct IgnoreFileState {
  std::string uri;
  std::optional<std::string> text;  // nullopt: the file does not exist yet
  std::optional<int64_t> open_version;  // the editor's version when it has the file open
};

struct ActionContext {
  PositionEncoding encoding = PositionEncoding::kUtf16;
  ClientCapabilities client;
  IgnoreFileState ignore_file;
};

// CodeAction[] for the findings of `document` that touch `range`. Empty when
// the last report is not of the document's current text.
Json CodeActionsFor(const DocumentState& document, const Range& range, const ActionContext& context);

// A Hover for the finding under `position`, or null.
Json HoverFor(const DocumentState& document, Position position, PositionEncoding encoding, bool markdown);

// The line `.vigilignore` gets for a finding: fingerprint, then a comment.
std::string IgnoreEntry(const Finding& finding);

}  // namespace vigil::lsp

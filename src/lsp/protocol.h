// Protocol: the LSP 3.17 types vigil lsp exchanges and their JSON mapping,
// and nothing else (no state, no I/O). Readers throw ParamsError with a
// message naming the field when a message does not have the shape the
// protocol gives it; the server answers such a request with InvalidParams.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lsp/json_rpc.h"
#include "lsp/text_edit.h"
#include "lsp/text_position.h"

namespace vigil::lsp {

class ParamsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Field readers: the field must be there with that type, else ParamsError.
const Json& Field(const Json& object, std::string_view name);
std::string StringField(const Json& object, std::string_view name);
int64_t IntegerField(const Json& object, std::string_view name);

Json ToJson(Position position);
Json ToJson(const Range& range);
Position PositionFromJson(const Json& json);
Range RangeFromJson(const Json& json);

// DiagnosticSeverity.
enum class DiagnosticSeverity { kError = 1, kWarning = 2, kInformation = 3, kHint = 4 };

struct Diagnostic {
  Range range;
  DiagnosticSeverity severity = DiagnosticSeverity::kWarning;
  std::string code;       // the rule id
  std::string code_href;  // Diagnostic.codeDescription.href; empty: none
  std::string message;
  std::string fingerprint;  // carried in `data`, for code actions
};
Json ToJson(const Diagnostic& diagnostic);

struct TextEdit {
  Range range;
  std::string new_text;
};
Json ToJson(const TextEdit& edit);

// The parts of the client's capabilities vigil looks at.
struct ClientCapabilities {
  std::vector<PositionEncoding> position_encodings;  // general.positionEncodings, in the client's order
  bool watched_files_registration = false;   // workspace.didChangeWatchedFiles.dynamicRegistration
  bool document_changes = false;             // workspace.workspaceEdit.documentChanges
  bool create_files = false;                 // workspace.workspaceEdit.resourceOperations has "create"
  bool hover_markdown = false;               // textDocument.hover.contentFormat has "markdown"
  bool code_action_literals = false;         // textDocument.codeAction.codeActionLiteralSupport
};
ClientCapabilities ClientCapabilitiesFromJson(const Json& capabilities);

// UTF-8 when the client offers it (fewer conversions), else UTF-16, which
// every client must support.
PositionEncoding ChoosePositionEncoding(const ClientCapabilities& client);

// TextDocumentContentChangeEvent[]: ranged changes, or whole-text replacements.
std::vector<TextChange> ContentChangesFromJson(const Json& changes);

// file:// URIs and paths. A URI with another scheme (untitled:) has no path.
std::optional<std::string> FileUriToPath(std::string_view uri);
std::string PathToFileUri(std::string_view path);

}  // namespace vigil::lsp

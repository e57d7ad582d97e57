// Incremental text synchronization: a document's text after an editor's
// content change (LSP TextDocumentContentChangeEvent), in plain structs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lsp/text_position.h"

namespace vigil::lsp {

// Replace `range` with `text`; without a range, the whole document.
struct TextChange {
  std::optional<Range> range;
  std::string text;
};

// What applying one change did besides the edit.
struct ChangeNote {
  bool rejected = false;  // nothing applied (an inverted range)
  bool clamped = false;   // a position past the end was taken as the end
  std::string message;    // for the log when either is set; never quotes the text
};

// `text` with `change` applied; positions are counted in `encoding`. A line
// past the end clamps to the end of the text; a character past the end of
// its line to the end of the line (as LSP 3.17 says).
std::string ApplyChange(std::string_view text, const TextChange& change, PositionEncoding encoding,
                        ChangeNote* note = nullptr);

}  // namespace vigil::lsp

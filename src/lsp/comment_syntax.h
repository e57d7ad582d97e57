// How to write a comment in a document, for the "Allow this line" action,
// which appends a `vigil:allow` comment to the line of a finding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigil::lsp {

// A line comment ("#", "//", "--", ";") has an empty `close`; a block comment
// ("<!--", "-->") or ("/*", "*/") has both.
struct CommentSyntax {
  std::string_view open;
  std::string_view close;
  bool operator==(const CommentSyntax&) const = default;
};

// The comment syntax of a document: from its LSP languageId when vigil knows
// it, else from its file name (extension, or names such as Dockerfile and
// .env), else "#". nullopt when the language has no comments (JSON).
std::optional<CommentSyntax> CommentSyntaxFor(std::string_view language_id, std::string_view file_name);

// " # vigil:allow", " <!-- vigil:allow -->": what the action appends.
std::string AllowComment(const CommentSyntax& syntax);

}  // namespace vigil::lsp

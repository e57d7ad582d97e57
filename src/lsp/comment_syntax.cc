#include "lsp/comment_syntax.h"

#include <utility>

#include "util/text.h"

namespace vigil::lsp {
namespace {

constexpr CommentSyntax kHash{"#", ""};
constexpr CommentSyntax kSlashes{"//", ""};
constexpr CommentSyntax kDashes{"--", ""};
constexpr CommentSyntax kSemicolon{";", ""};
constexpr CommentSyntax kHtml{"<!--", "-->"};
constexpr CommentSyntax kCBlock{"/*", "*/"};

// languageId values as VS Code and the LSP specification list them, plus
// the names other editors (Neovim filetypes, Helix, Zed) send.
constexpr std::pair<std::string_view, CommentSyntax> kByLanguage[] = {
    {"python", kHash},          {"shellscript", kHash},     {"sh", kHash},
    {"bash", kHash},            {"zsh", kHash},             {"fish", kHash},
    {"ruby", kHash},            {"perl", kHash},            {"perl6", kHash},
    {"raku", kHash},            {"r", kHash},               {"yaml", kHash},
    {"toml", kHash},            {"dockerfile", kHash},      {"makefile", kHash},
    {"make", kHash},            {"cmake", kHash},           {"powershell", kHash},
    {"ps1", kHash},             {"coffeescript", kHash},    {"julia", kHash},
    {"elixir", kHash},          {"nim", kHash},             {"dotenv", kHash},
    {"properties", kHash},      {"terraform", kHash},       {"hcl", kHash},
    {"nix", kHash},             {"conf", kHash},            {"gitignore", kHash},
    {"ignore", kHash},          {"crystal", kHash},         {"tcl", kHash},
    {"graphql", kHash},         {"starlark", kHash},        {"bzl", kHash},
    {"gitconfig", kHash},       {"sshconfig", kHash},       {"awk", kHash},
    {"c", kSlashes},            {"cpp", kSlashes},          {"cuda", kSlashes},
    {"csharp", kSlashes},       {"cs", kSlashes},           {"java", kSlashes},
    {"javascript", kSlashes},   {"javascriptreact", kSlashes}, {"typescript", kSlashes},
    {"typescriptreact", kSlashes}, {"go", kSlashes},        {"rust", kSlashes},
    {"swift", kSlashes},        {"kotlin", kSlashes},       {"scala", kSlashes},
    {"dart", kSlashes},         {"php", kSlashes},          {"objective-c", kSlashes},
    {"objective-cpp", kSlashes}, {"objc", kSlashes},        {"groovy", kSlashes},
    {"jsonc", kSlashes},        {"zig", kSlashes},          {"solidity", kSlashes},
    {"proto", kSlashes},        {"fsharp", kSlashes},       {"d", kSlashes},
    {"scss", kSlashes},         {"less", kSlashes},         {"sql", kDashes},
    {"lua", kDashes},           {"haskell", kDashes},       {"elm", kDashes},
    {"ada", kDashes},           {"ini", kSemicolon},        {"dosini", kSemicolon},
    {"clojure", kSemicolon},    {"lisp", kSemicolon},       {"scheme", kSemicolon},
    {"racket", kSemicolon},     {"html", kHtml},            {"xml", kHtml},
    {"markdown", kHtml},        {"css", kCBlock},
};

constexpr std::pair<std::string_view, CommentSyntax> kByExtension[] = {
    {"py", kHash},    {"pyw", kHash},   {"sh", kHash},     {"bash", kHash},   {"zsh", kHash},
    {"fish", kHash},  {"rb", kHash},    {"pl", kHash},     {"pm", kHash},     {"r", kHash},
    {"yml", kHash},   {"yaml", kHash},  {"toml", kHash},   {"mk", kHash},     {"cmake", kHash},
    {"ps1", kHash},   {"jl", kHash},    {"ex", kHash},     {"exs", kHash},    {"nim", kHash},
    {"env", kHash},   {"properties", kHash}, {"tf", kHash}, {"tfvars", kHash}, {"hcl", kHash},
    {"nix", kHash},   {"conf", kHash},  {"cfg", kHash},    {"bzl", kHash},    {"graphql", kHash},
    {"c", kSlashes},  {"h", kSlashes},  {"cc", kSlashes},  {"cpp", kSlashes}, {"cxx", kSlashes},
    {"hh", kSlashes}, {"hpp", kSlashes}, {"cu", kSlashes}, {"cs", kSlashes},  {"java", kSlashes},
    {"js", kSlashes}, {"mjs", kSlashes}, {"cjs", kSlashes}, {"jsx", kSlashes}, {"ts", kSlashes},
    {"tsx", kSlashes}, {"go", kSlashes}, {"rs", kSlashes}, {"swift", kSlashes}, {"kt", kSlashes},
    {"kts", kSlashes}, {"scala", kSlashes}, {"dart", kSlashes}, {"php", kSlashes}, {"m", kSlashes},
    {"groovy", kSlashes}, {"gradle", kSlashes}, {"jsonc", kSlashes}, {"zig", kSlashes},
    {"sql", kDashes}, {"lua", kDashes}, {"hs", kDashes},   {"ini", kSemicolon}, {"clj", kSemicolon},
    {"html", kHtml},  {"htm", kHtml},   {"xml", kHtml},    {"md", kHtml},     {"css", kCBlock},
};

// Languages without comments: no "Allow this line" action.
constexpr std::string_view kNoComments[] = {"json", "jsonl", "ipynb"};

std::optional<CommentSyntax> ByFileName(std::string_view file_name) {
  std::string name = AsciiLower(file_name.substr(file_name.find_last_of('/') + 1));
  if (name == "dockerfile" || name.starts_with("dockerfile.") || name == "makefile" || name == "gnumakefile" ||
      name == "cmakelists.txt" || name.starts_with(".env") || name == ".gitignore" || name == ".gitconfig" ||
      name == ".netrc" || name == ".pgpass" || name == ".vigilignore" || name == ".gitleaksignore" ||
      name == ".bashrc" || name == ".zshrc" || name == ".profile" || name == "gemfile" || name == "rakefile") {
    return kHash;
  }
  if (name == ".npmrc" || name == ".pypirc" || name == ".gitmodules") return kHash;
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) return kHash;
  std::string_view extension = std::string_view(name).substr(dot + 1);
  for (std::string_view none : kNoComments) {
    if (extension == none) return std::nullopt;
  }
  for (const auto& [known, syntax] : kByExtension) {
    if (known == extension) return syntax;
  }
  return kHash;  // unknown: the most common line comment in config and script files
}

}  // namespace

std::optional<CommentSyntax> CommentSyntaxFor(std::string_view language_id, std::string_view file_name) {
  std::string language = AsciiLower(language_id);
  for (std::string_view none : kNoComments) {
    if (language == none) return std::nullopt;
  }
  for (const auto& [known, syntax] : kByLanguage) {
    if (known == language) return syntax;
  }
  return ByFileName(file_name);
}

std::string AllowComment(const CommentSyntax& syntax) {
  std::string comment = " ";
  comment += syntax.open;
  comment += " vigil:allow";
  if (!syntax.close.empty()) {
    comment += ' ';
    comment += syntax.close;
  }
  return comment;
}

}  // namespace vigil::lsp

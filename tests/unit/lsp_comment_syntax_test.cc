// The comment "Allow this line" writes: by languageId, else by file name.
#include "lsp/comment_syntax.h"

#include <gtest/gtest.h>

namespace vigil::lsp {
namespace {

std::string Comment(std::string_view language, std::string_view name) {
  std::optional<CommentSyntax> syntax = CommentSyntaxFor(language, name);
  return syntax ? AllowComment(*syntax) : "(none)";
}

TEST(LspCommentSyntaxTest, TheLanguageIdDecides) {
  EXPECT_EQ(Comment("python", "x"), " # vigil:allow");
  EXPECT_EQ(Comment("yaml", "x"), " # vigil:allow");
  EXPECT_EQ(Comment("typescript", "x"), " // vigil:allow");
  EXPECT_EQ(Comment("go", "x"), " // vigil:allow");
  EXPECT_EQ(Comment("sql", "x"), " -- vigil:allow");
  EXPECT_EQ(Comment("lua", "x"), " -- vigil:allow");
  EXPECT_EQ(Comment("ini", "x"), " ; vigil:allow");
  EXPECT_EQ(Comment("html", "x"), " <!-- vigil:allow -->");
  EXPECT_EQ(Comment("markdown", "x"), " <!-- vigil:allow -->");
  EXPECT_EQ(Comment("css", "x"), " /* vigil:allow */");
  EXPECT_EQ(Comment("Python", "x"), " # vigil:allow");  // any case
  // The language wins over the file name.
  EXPECT_EQ(Comment("javascript", "/repo/config.py"), " // vigil:allow");
}

TEST(LspCommentSyntaxTest, TheFileNameDecidesWhenTheLanguageIsUnknown) {
  EXPECT_EQ(Comment("plaintext", "/repo/app/settings.py"), " # vigil:allow");
  EXPECT_EQ(Comment("", "/repo/src/main.rs"), " // vigil:allow");
  EXPECT_EQ(Comment("", "/repo/db/schema.sql"), " -- vigil:allow");
  EXPECT_EQ(Comment("", "/repo/php.ini"), " ; vigil:allow");
  EXPECT_EQ(Comment("", "/repo/index.HTML"), " <!-- vigil:allow -->");
  EXPECT_EQ(Comment("", "/repo/site.css"), " /* vigil:allow */");
  EXPECT_EQ(Comment("", "/repo/Dockerfile"), " # vigil:allow");
  EXPECT_EQ(Comment("", "/repo/.env.production"), " # vigil:allow");
  EXPECT_EQ(Comment("", "/repo/Makefile"), " # vigil:allow");
  EXPECT_EQ(Comment("", "/repo/notes.txt"), " # vigil:allow");  // unknown: '#'
}

TEST(LspCommentSyntaxTest, JsonHasNoComments) {
  EXPECT_EQ(Comment("json", "/repo/a.json"), "(none)");
  EXPECT_EQ(Comment("", "/repo/package.json"), "(none)");
  EXPECT_EQ(Comment("jsonc", "/repo/tsconfig.json"), " // vigil:allow");
}

}  // namespace
}  // namespace vigil::lsp

// Positions in the client's encoding (UTF-16 by default, UTF-8 or UTF-32 when
// negotiated), line breaks as LSP counts them, and incremental edits.
#include <gtest/gtest.h>

#include "lsp/text_edit.h"
#include "lsp/text_position.h"

namespace vigil::lsp {
namespace {

// "😀" is 4 UTF-8 bytes, 2 UTF-16 units, 1 code point; "中" 3 bytes, 1 unit.
const std::string kEmoji = "\xf0\x9f\x98\x80";
const std::string kCjk = "\xe4\xb8\xad";

TEST(LspTextPositionTest, ColumnsAfterEmojiAndCjkDependOnTheEncoding) {
  std::string text = "first\n" + kEmoji + kCjk + "ab=SECRET\n";
  LineTable lines(text);
  size_t secret = text.find("SECRET");
  EXPECT_EQ(lines.PositionOf(secret, PositionEncoding::kUtf16), (Position{1, 6}));  // 2 + 1 + 3
  EXPECT_EQ(lines.PositionOf(secret, PositionEncoding::kUtf8), (Position{1, 10}));  // 4 + 3 + 3
  EXPECT_EQ(lines.PositionOf(secret, PositionEncoding::kUtf32), (Position{1, 5}));  // 1 + 1 + 3
  for (PositionEncoding encoding : {PositionEncoding::kUtf16, PositionEncoding::kUtf8, PositionEncoding::kUtf32}) {
    EXPECT_EQ(lines.OffsetOf(lines.PositionOf(secret, encoding), encoding), secret);
  }
}

TEST(LspTextPositionTest, APositionInsideASurrogatePairMeansTheCodePointsStart) {
  std::string text = "a" + kEmoji + "b";
  LineTable lines(text);
  EXPECT_EQ(lines.OffsetOf({0, 1}, PositionEncoding::kUtf16), 1u);
  EXPECT_EQ(lines.OffsetOf({0, 2}, PositionEncoding::kUtf16), 1u);  // between the two halves
  EXPECT_EQ(lines.OffsetOf({0, 3}, PositionEncoding::kUtf16), 5u);
  EXPECT_EQ(lines.OffsetOf({0, 3}, PositionEncoding::kUtf8), 1u);  // inside the 4 bytes
}

TEST(LspTextPositionTest, LinesEndAtNewlineCarriageReturnNewlineOrCarriageReturn) {
  std::string text = "a\r\nbb\rccc\nd";
  LineTable lines(text);
  ASSERT_EQ(lines.line_count(), 4u);
  EXPECT_EQ(lines.OffsetOf({1, 0}, PositionEncoding::kUtf16), 3u);
  EXPECT_EQ(lines.OffsetOf({2, 0}, PositionEncoding::kUtf16), 6u);
  EXPECT_EQ(lines.OffsetOf({3, 0}, PositionEncoding::kUtf16), 10u);
  EXPECT_EQ(lines.LineEnd(0), 1u);  // before "\r\n"
  EXPECT_EQ(lines.LineEnd(1), 5u);
  EXPECT_EQ(lines.PositionOf(2, PositionEncoding::kUtf16), (Position{0, 1}));  // inside "\r\n": end of line
  EXPECT_EQ(LineTable("x\r").line_count(), 2u);  // a lone '\r' at the very end ends a line
  EXPECT_EQ(LineTable("x\n").line_count(), 2u);
  EXPECT_EQ(LineTable("").line_count(), 1u);
}

TEST(LspTextPositionTest, ACharacterPastTheLineEndIsTheLineEndAndALinePastTheEndIsNone) {
  LineTable lines("abc\ndef");
  EXPECT_EQ(lines.OffsetOf({0, 99}, PositionEncoding::kUtf16), 3u);
  EXPECT_EQ(lines.OffsetOf({1, 99}, PositionEncoding::kUtf16), 7u);
  EXPECT_FALSE(lines.OffsetOf({2, 0}, PositionEncoding::kUtf16));
  bool clamped = false;
  EXPECT_EQ(lines.ClampedOffsetOf({9, 0}, PositionEncoding::kUtf16, &clamped), 7u);
  EXPECT_TRUE(clamped);
}

TEST(LspTextPositionTest, InvalidUtf8BytesCountAsOneUnitEach) {
  std::string text = "\xff\xfe" "ab";
  LineTable lines(text);
  EXPECT_EQ(lines.PositionOf(2, PositionEncoding::kUtf16), (Position{0, 2}));
  EXPECT_EQ(lines.OffsetOf({0, 3}, PositionEncoding::kUtf16), 3u);
  EXPECT_EQ(CountUnits("\xe4\xb8", PositionEncoding::kUtf16), 2u);  // a cut sequence: two stray bytes
}

TEST(LspTextPositionTest, EncodingNamesRoundTrip) {
  for (PositionEncoding encoding : {PositionEncoding::kUtf16, PositionEncoding::kUtf8, PositionEncoding::kUtf32}) {
    EXPECT_EQ(ParseEncoding(EncodingName(encoding)), encoding);
  }
  EXPECT_FALSE(ParseEncoding("utf-7"));
}

TEST(LspTextEditTest, IncrementalChangesReplaceTheirRange) {
  std::string text = "line one\nline two\nline three\n";
  text = ApplyChange(text, {Range{{1, 5}, {1, 8}}, "2"}, PositionEncoding::kUtf16);
  EXPECT_EQ(text, "line one\nline 2\nline three\n");
  text = ApplyChange(text, {Range{{0, 0}, {0, 0}}, "new\n"}, PositionEncoding::kUtf16);  // insert
  EXPECT_EQ(text, "new\nline one\nline 2\nline three\n");
  text = ApplyChange(text, {Range{{1, 4}, {3, 4}}, ""}, PositionEncoding::kUtf16);  // delete across lines
  EXPECT_EQ(text, "new\nline three\n");
  text = ApplyChange(text, {std::nullopt, "whole"}, PositionEncoding::kUtf16);
  EXPECT_EQ(text, "whole");
}

TEST(LspTextEditTest, EditsAfterEmojiCountUtf16Units) {
  std::string text = kEmoji + kCjk + "=x\n";
  // Replace "x" (UTF-16 column 4; UTF-8 column 8).
  EXPECT_EQ(ApplyChange(text, {Range{{0, 4}, {0, 5}}, "y"}, PositionEncoding::kUtf16), kEmoji + kCjk + "=y\n");
  EXPECT_EQ(ApplyChange(text, {Range{{0, 8}, {0, 9}}, "y"}, PositionEncoding::kUtf8), kEmoji + kCjk + "=y\n");
}

TEST(LspTextEditTest, OutOfRangeEditsAreClampedOrRefusedWithANote) {
  ChangeNote note;
  std::string text = ApplyChange("abc\n", {Range{{7, 0}, {9, 0}}, "!"}, PositionEncoding::kUtf16, &note);
  EXPECT_EQ(text, "abc\n!");
  EXPECT_TRUE(note.clamped);
  EXPECT_FALSE(note.message.empty());

  text = ApplyChange("abc\n", {Range{{0, 2}, {0, 1}}, "!"}, PositionEncoding::kUtf16, &note);
  EXPECT_EQ(text, "abc\n");
  EXPECT_TRUE(note.rejected);

  text = ApplyChange("abc\n", {Range{{0, 1}, {0, 50}}, "Z"}, PositionEncoding::kUtf16, &note);
  EXPECT_EQ(text, "aZ\n");  // a character past the end is the line's end (LSP 3.17)
  EXPECT_FALSE(note.clamped);
}

}  // namespace
}  // namespace vigil::lsp

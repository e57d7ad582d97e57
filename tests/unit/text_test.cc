#include "util/text.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(LooksBinary, DetectsNulInTheFirstBlock) {
  EXPECT_FALSE(LooksBinary("plain text\n"));
  EXPECT_TRUE(LooksBinary(std::string("ab\0cd", 5)));
  std::string late(9000, 'a');
  late[8500] = '\0';
  EXPECT_FALSE(LooksBinary(late));
}

TEST(LineIndex, MapsOffsetsToLinesAndColumns) {
  std::string text = "first\nsecond line\r\nthird";
  LineIndex index(text);
  EXPECT_EQ(index.LineOf(0), 1);
  EXPECT_EQ(index.LineOf(5), 1);   // the newline belongs to line 1
  EXPECT_EQ(index.LineOf(6), 2);
  EXPECT_EQ(index.ColumnOf(13), 8);
  EXPECT_EQ(index.LineText(2), "second line");  // CR dropped
  EXPECT_EQ(index.LineText(3), "third");
}

TEST(LineIndex, CountsColumnsInCodePoints) {
  std::string text = "é = \"x\"";  // é is two bytes
  LineIndex index(text);
  EXPECT_EQ(index.ColumnOf(text.find('x')), 6);
}

TEST(EscapeInvalidUtf8, KeepsValidTextAndEscapesBadBytes) {
  EXPECT_EQ(EscapeInvalidUtf8("naïve.txt"), "naïve.txt");
  EXPECT_EQ(EscapeInvalidUtf8("bad\xff.txt"), "bad\\xFF.txt");
  EXPECT_EQ(EscapeInvalidUtf8("\xc3"), "\\xC3");  // truncated sequence
  EXPECT_EQ(CountCodePoints("a\xffz"), 3u);
}

}  // namespace
}  // namespace vigil

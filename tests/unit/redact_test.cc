#include "report/redact.h"

#include <string>

#include <gtest/gtest.h>

namespace vigil {
namespace {

// Secrets are built at test time so nothing credential-shaped is committed.
std::string FakeToken(char fill, size_t length) { return "ghp_" + std::string(length, fill); }

TEST(RedactTest, ExamplesFromTheHeader) {
  EXPECT_EQ(Redact("ghp_abcdefghijklmnop"), "ghp_*****");
  EXPECT_EQ(Redact("short"), "*****");
}

TEST(RedactTest, EmptySecretIsOnlyTheMask) { EXPECT_EQ(Redact(""), "*****"); }

TEST(RedactTest, PrefixIsAtMostFourCharacters) {
  EXPECT_EQ(Redact(FakeToken('a', 36)), "ghp_*****");
  EXPECT_EQ(Redact(std::string(200, 'z')), "zzzz*****");
}

TEST(RedactTest, PrefixIsAtMostAQuarterOfTheSecret) {
  EXPECT_EQ(Redact("abcdefghijkl"), "abc*****");  // 12 chars: 3 shown
  EXPECT_EQ(Redact("abcdefghijk"), "ab*****");    // 11 chars: 2 shown
  EXPECT_EQ(Redact("abcdefgh"), "ab*****");       // 8 chars: 2 shown
  EXPECT_EQ(Redact("abcdefghijklmnop"), "abcd*****");
}

TEST(RedactTest, SecretsTooShortForATwoCharacterPrefixAreFullyMasked) {
  EXPECT_EQ(Redact("abcdefg"), "*****");  // a quarter is 1 character
  EXPECT_EQ(Redact("abcd"), "*****");
  EXPECT_EQ(Redact("a"), "*****");
}

TEST(RedactTest, PrefixCountsCodePointsAndNeverSplitsOne) {
  std::string accented;
  for (int i = 0; i < 16; ++i) accented += "\xC3\xA9";  // 16 x U+00E9, 32 bytes
  EXPECT_EQ(Redact(accented), "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9*****");

  // 8 code points of 3 bytes each: a quarter is 2 code points, 6 bytes.
  std::string euros;
  for (int i = 0; i < 8; ++i) euros += "\xE2\x82\xAC";
  EXPECT_EQ(Redact(euros), "\xE2\x82\xAC\xE2\x82\xAC*****");
}

TEST(RedactTest, InvalidUtf8BytesCountAsOneCharacterEach) {
  const std::string secret = "\xFF\xFE" + std::string(6, 'x');  // 8 characters
  EXPECT_EQ(Redact(secret), "\xFF\xFE*****");
  // A truncated multi-byte sequence is not glued to the bytes after it.
  const std::string truncated = "\xE2\x82" + std::string(14, 'y');  // 16 characters
  EXPECT_EQ(Redact(truncated), "\xE2\x82yy*****");
}

TEST(RedactTest, OutputNeverContainsTheSecret) {
  for (size_t length = 0; length < 64; ++length) {
    const std::string secret(length, static_cast<char>('a' + length % 26));
    const std::string redacted = Redact(secret);
    if (length > 0) {
      EXPECT_EQ(redacted.find(secret), std::string::npos) << length;
    }
    EXPECT_LE(redacted.size(), 4u + 5u);
  }
}

TEST(RedactInTest, ReplacesEveryOccurrence) {
  const std::string secret = FakeToken('b', 36);
  const std::string text = "a=" + secret + " b=" + secret + secret;
  EXPECT_EQ(RedactIn(text, secret), "a=ghp_***** b=ghp_*****ghp_*****");
}

TEST(RedactInTest, SecretAtBothEnds) {
  const std::string secret = FakeToken('c', 20);
  EXPECT_EQ(RedactIn(secret + " = " + secret, secret), "ghp_***** = ghp_*****");
  EXPECT_EQ(RedactIn(secret, secret), "ghp_*****");
}

TEST(RedactInTest, TextWithoutTheSecretIsUnchanged) {
  EXPECT_EQ(RedactIn("nothing to see", FakeToken('d', 36)), "nothing to see");
  EXPECT_EQ(RedactIn("", FakeToken('d', 36)), "");
}

TEST(RedactInTest, EmptySecretLeavesTextAlone) { EXPECT_EQ(RedactIn("abc", ""), "abc"); }

TEST(RedactInTest, KeepsBytesAroundTheSecretExactly) {
  const std::string secret = "s3cr3t-value-0123456789";
  const std::string text = std::string("\x00\xFF pre ", 7) + secret + "\n post";
  EXPECT_EQ(RedactIn(text, secret), std::string("\x00\xFF pre ", 7) + Redact(secret) + "\n post");
}

}  // namespace
}  // namespace vigil

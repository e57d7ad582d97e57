#include "engine/placeholder.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(LooksLikePlaceholder, RecognisesTemplatesAndDocumentationSamples) {
  for (const char* value : {"changeme", "${API_TOKEN}", "{{ .Values.token }}",
                            "AKIAIOSFODNN7EXAMPLE", "xxxxxxxxxxxxxxxx", "your_token_here",
                            "dummy-secret-value", "REDACTED", "%(password)s"}) {
    EXPECT_TRUE(LooksLikePlaceholder(value)) << value;
  }
}

TEST(LooksLikePlaceholder, RecognisesRepeatedAndSequentialCharacters) {
  EXPECT_TRUE(LooksLikePlaceholder("aaaaaaaaaaaa"));
  EXPECT_TRUE(LooksLikePlaceholder("abababababab"));
  EXPECT_TRUE(LooksLikePlaceholder("abcabcabcabc"));
  EXPECT_TRUE(LooksLikePlaceholder("sk_live_1234567890"));
  EXPECT_TRUE(LooksLikePlaceholder("token_abcdefgh"));
  EXPECT_FALSE(LooksLikePlaceholder("q9Tz4abcdefLm2Xv8Rk3Wp7Y"));  // a six-run alone is not enough
}

TEST(LooksLikePlaceholder, KeepsRandomTokens) {
  for (const char* value : {"R3kq9ZpL2mVx8TtY4wNc6HsJ0aBdEfGu", "ghp_R3kq9ZpL2mVx8TtY4wNc6HsJ0aBdEfGu1QoK",
                            "9f86d081884c7d659a2feaa0c55ad015", "hunter2!"}) {
    EXPECT_FALSE(LooksLikePlaceholder(value)) << value;
  }
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(LooksLikePlaceholder, KeepsLoneAngleBracketsOfRealSecrets) {
  EXPECT_FALSE(LooksLikePlaceholder("q<7Z]m>pR2!vK9x#Lc4<T"));
  EXPECT_TRUE(LooksLikePlaceholder("<API_TOKEN>"));
  EXPECT_TRUE(LooksLikePlaceholder("token-<insert here>"));
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(LooksLikePlaceholder, DescendingRunsAndEscapedBracketsAreStandInsToo) {
  EXPECT_TRUE(LooksLikePlaceholder("zyxwvutsrqponmlkjihg"));
  EXPECT_TRUE(LooksLikePlaceholder("ZYXWVUTS98"));
  EXPECT_TRUE(LooksLikePlaceholder("&lt;YOUR_TOKEN&gt;"));
}

// People put "123456" in real passwords; a password is a stand-in only when it
// is nothing else.
TEST(LooksLikePlaceholder, PasswordsAreJudgedAsPeopleWriteThem) {
  for (const char* real : {"abuser123456", "Summer2024!", "team10", "super$ecret", "4ian1234"}) {
    EXPECT_FALSE(LooksLikePlaceholder(real, SecretKind::kPassword)) << real;
  }
  for (const char* stand_in : {"123456", "abcdef", "Password", "changeit", "changeme", "********", "<password>",
                               "your_password", "xxxxxxxx"}) {
    EXPECT_TRUE(LooksLikePlaceholder(stand_in, SecretKind::kPassword)) << stand_in;
  }
  EXPECT_TRUE(LooksLikePlaceholder("user12345678", SecretKind::kKey));
  EXPECT_FALSE(LooksLikePlaceholder("user12345678", SecretKind::kPassword));
}

}  // namespace
}  // namespace vigil

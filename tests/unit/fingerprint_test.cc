#include "core/fingerprint.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Fingerprint, IsStableAndHex) {
  std::string a = Fingerprint("github-pat", "src/a.py", "secret-one");
  EXPECT_EQ(a, Fingerprint("github-pat", "src/a.py", "secret-one"));
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Fingerprint, ChangesWithRulePathOrSecret) {
  std::string base = Fingerprint("github-pat", "src/a.py", "secret-one");
  EXPECT_NE(base, Fingerprint("gitlab-pat", "src/a.py", "secret-one"));
  EXPECT_NE(base, Fingerprint("github-pat", "src/b.py", "secret-one"));
  EXPECT_NE(base, Fingerprint("github-pat", "src/a.py", "secret-two"));
}

TEST(Fingerprint, SeparatesFieldsSoConcatenationsDoNotCollide) {
  EXPECT_NE(Fingerprint("ab", "c", "x"), Fingerprint("a", "bc", "x"));
}

TEST(Fingerprint, DoesNotContainTheSecret) {
  EXPECT_EQ(Fingerprint("r", "p", "0123abcd").find("0123abcd"), std::string::npos);
}

}  // namespace
}  // namespace vigil

// The fake credential generators the end-to-end tests rely on: right shape,
// never placeholder-looking, replayable from a seed.
#include <re2/re2.h>

#include <functional>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;

namespace {

constexpr int kSamples = 200;

void ExpectAllMatch(const std::string& pattern, const std::function<std::string()>& make) {
  // RE2 rather than std::regex: GCC 12 warns inside <regex> under ASan.
  const RE2 shape(pattern);
  ASSERT_TRUE(shape.ok()) << pattern;
  std::set<std::string> seen;
  for (int i = 0; i < kSamples; ++i) {
    std::string value = make();
    EXPECT_TRUE(RE2::FullMatch(value, shape)) << value << " does not match " << pattern;
    EXPECT_FALSE(LooksLikePlaceholder(value)) << value;
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kSamples)) << "values repeat";
}

}  // namespace

TEST(FakeSecretsTest, GithubPatIsGhpAnd36Base62) {
  FakeSecrets fakes(1);
  ExpectAllMatch("ghp_[A-Za-z0-9]{36}", [&] { return fakes.GithubPat(); });
}

TEST(FakeSecretsTest, AwsAccessKeyIdIsAkiaAnd16Base32) {
  FakeSecrets fakes(2);
  ExpectAllMatch("AKIA[A-Z2-7]{16}", [&] { return fakes.AwsAccessKeyId(); });
}

TEST(FakeSecretsTest, StripeLiveKeyIsSkLiveAnd24Base62) {
  FakeSecrets fakes(3);
  ExpectAllMatch("sk_live_[A-Za-z0-9]{24}", [&] { return fakes.StripeLiveKey(); });
}

TEST(FakeSecretsTest, SlackBotTokenHasDigitGroupsAndAlnumTail) {
  FakeSecrets fakes(4);
  ExpectAllMatch("xoxb-[1-9][0-9]{9,12}-[1-9][0-9]{9,12}-[A-Za-z0-9]{24}", [&] { return fakes.SlackBotToken(); });
}

TEST(FakeSecretsTest, RsaPrivateKeyIsAPemBlockOf64CharacterLines) {
  FakeSecrets fakes(5);
  ExpectAllMatch(
      "-----BEGIN RSA PRIVATE KEY-----\n"
      "MIIEow[A-Za-z0-9+/]{58}\n"
      "([A-Za-z0-9+/]{64}\n){12}"
      "[A-Za-z0-9+/]{42}==\n"
      "-----END RSA PRIVATE KEY-----",
      [&] { return fakes.RsaPrivateKeyPem(); });
}

TEST(FakeSecretsTest, PostgresUriCarriesTheRandomPassword) {
  FakeSecrets fakes(6);
  ExpectAllMatch("postgresql://orders_[a-z]{5}:[A-Za-z0-9]{20}@db-[a-z]{6}\\.internal:5432/orders", [&] {
    return fakes.PostgresUri(fakes.PostgresPassword());
  });
  std::string password = fakes.PostgresPassword();
  EXPECT_NE(fakes.PostgresUri(password).find(":" + password + "@"), std::string::npos);
}

TEST(FakeSecretsTest, SameSeedGivesSameValuesAndOtherSeedsDiffer) {
  FakeSecrets first(42);
  FakeSecrets again(42);
  FakeSecrets other(43);
  std::string a = first.GithubPat() + first.RsaPrivateKeyPem() + first.SlackBotToken();
  std::string b = again.GithubPat() + again.RsaPrivateKeyPem() + again.SlackBotToken();
  std::string c = other.GithubPat() + other.RsaPrivateKeyPem() + other.SlackBotToken();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(FakeSecretsTest, PlaceholderCheckCatchesWordsRepeatsAndSequences) {
  const std::string prefix = "ghp_";
  EXPECT_TRUE(LooksLikePlaceholder(prefix + "EXAMPLEkey"));
  EXPECT_TRUE(LooksLikePlaceholder(prefix + std::string(8, 'x')));
  EXPECT_TRUE(LooksLikePlaceholder(std::string(12, 'Q')));
  EXPECT_TRUE(LooksLikePlaceholder("a1b2a1b2a1b2"));
  EXPECT_TRUE(LooksLikePlaceholder(prefix + "Qz" + "abcdef" + "Rw"));
  EXPECT_TRUE(LooksLikePlaceholder(prefix + "Qz" + "987654" + "Rw"));
  EXPECT_TRUE(LooksLikePlaceholder(prefix + "Qz" + "MNOPQR" + "Rw"));
  EXPECT_FALSE(LooksLikePlaceholder(prefix + "Qz8Lm2Rt9Zk"));
  EXPECT_FALSE(LooksLikePlaceholder(prefix + "Qz" + "abcde" + "Rw"));
}

#include "rules/provider_key.h"

#include <gtest/gtest.h>

#include "engine/compiled_rules.h"
#include "engine/matcher.h"
#include "filter/allowlist_filter.h"
#include "rules/config.h"

namespace vigil {
namespace {

// A random-looking key of `alphabet`, built at test time.
std::string Key(std::string_view alphabet, size_t length, unsigned seed) {
  std::string out;
  unsigned state = seed * 2654435761u + 7u;
  for (size_t i = 0; i < length; ++i) {
    state = state * 1103515245u + 12345u;
    out += alphabet[(state >> 16) % alphabet.size()];
  }
  return out;
}

ProviderKey Row() {
  ProviderKey row;
  row.id = "acme-api-key";
  row.name = "Acme";
  row.keywords = {"acme"};
  row.hosts = {"api.acme.io"};
  row.alphabet = "lower";
  row.min_length = row.max_length = 32;
  row.remediation = "Revoke it at https://acme.example/keys";
  return row;
}

// The secrets a scan with these rules reports in `text`, allowlists applied.
std::vector<std::string> Secrets(const std::vector<ProviderKey>& rows, const std::string& text) {
  std::vector<Rule> rules;
  for (const ProviderKey& row : rows) {
    auto rule = ExpandProviderKey(row);
    EXPECT_TRUE(rule.ok()) << rule.error().ToString();
    rules.push_back(rule.value());
  }
  auto compiled = CompiledRules::Compile(RuleSet(std::move(rules)));
  EXPECT_TRUE(compiled.ok()) << compiled.error().ToString();
  auto allowlists = AllowlistFilter::Create(compiled.value()->rules());
  Matcher matcher(compiled.value());
  Provenance provenance;
  provenance.path = "app/settings.py";
  std::vector<Finding> findings;
  EXPECT_TRUE(matcher.Scan(Blob::Owned(provenance, text), findings).ok());
  std::vector<std::string> secrets;
  for (const Finding& finding : findings) {
    if (allowlists.value()->Keep(finding)) secrets.push_back(finding.secret);
  }
  return secrets;
}

TEST(ProviderKey, FindsTheKeyAfterTheNameInEverySyntax) {
  const std::string key = Key("abcdefghijklmnopqrstuvwxyz0123456789", 32, 1);
  for (const std::string& text : {"ACME_API_KEY=" + key, "acmeSecret: \"" + key + "\"",
                                  "config.acme.token = '" + key + "';", "acme:\n  api_key: " + key + "\n",
                                  "acme KEY " + key, "curl 'https://api.acme.io/v1/send?api_key=" + key + "&to=x'",
                                  "<add key=\"AcmeKey\" value=\"" + key + "\" />"}) {
    EXPECT_EQ(Secrets({Row()}, text), std::vector<std::string>{key}) << text;
  }
}

TEST(ProviderKey, KeyMustHaveExactlyTheAlphabetAndLength) {
  const std::string key = Key("abcdefghijklmnopqrstuvwxyz0123456789", 32, 2);
  EXPECT_TRUE(Secrets({Row()}, "ACME_API_KEY=" + key + "x").empty());       // longer
  EXPECT_TRUE(Secrets({Row()}, "ACME_API_KEY=" + key.substr(1)).empty());  // shorter
  EXPECT_TRUE(Secrets({Row()}, "ACME_API_KEY=Q" + key).empty());           // part of a longer token
  std::string upper = key;
  upper[5] = 'Z';
  EXPECT_TRUE(Secrets({Row()}, "ACME_API_KEY=" + upper).empty());  // outside the alphabet
  EXPECT_TRUE(Secrets({Row()}, "OTHER_API_KEY=" + key).empty());  // no name
  EXPECT_TRUE(Secrets({Row()}, "acme" + std::string(70, ' ') + "=" + key).empty());  // too far
}

TEST(ProviderKey, AWordIsNotAKeyUnlessTheRowSaysSo) {
  const std::string word = "acmenotificationsubscriptionlist";  // 32 letters, no digit
  EXPECT_TRUE(Secrets({Row()}, "acme_key = " + word).empty());
  ProviderKey letters = Row();
  letters.letters = true;
  EXPECT_EQ(Secrets({letters}, "acme_key = " + word).size(), 1u);
}

TEST(ProviderKey, AWeakNameNeedsASecretWordBeforeTheKey) {
  ProviderKey daily = Row();
  daily.keywords = {"daily"};
  daily.hosts.clear();
  daily.weak_name = true;
  daily.alphabet = "hex";
  daily.min_length = daily.max_length = 64;
  const std::string key = Key("0123456789abcdef", 64, 3);
  EXPECT_EQ(Secrets({daily}, "DAILY_API_KEY=" + key).size(), 1u);
  EXPECT_EQ(Secrets({daily}, "daily:\n  token: " + key).size(), 1u);
  EXPECT_TRUE(Secrets({daily}, "daily build, sha256 " + key).empty());
}

TEST(ProviderKey, NamedAlphabetsPrefixesAndPadding) {
  ProviderKey uuid = Row();
  uuid.alphabet = "uuid";
  std::string id = Key("0123456789abcdef", 8, 4) + "-" + Key("0123456789abcdef", 4, 5) + "-4" +
                   Key("0123456789abcdef", 3, 6) + "-a" + Key("0123456789abcdef", 3, 7) + "-" +
                   Key("0123456789abcdef", 12, 8);
  EXPECT_EQ(Secrets({uuid}, "acme_token: " + id), std::vector<std::string>{id});
  EXPECT_EQ(Secrets({uuid}, "acme-secret-" + id), std::vector<std::string>{id});

  ProviderKey prefixed = Row();
  prefixed.prefix = "ak_live_";
  prefixed.alphabet = "alnum";
  prefixed.min_length = 20;
  prefixed.max_length = 24;
  std::string key = "ak_live_" + Key("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 22, 9);
  EXPECT_EQ(Secrets({prefixed}, "acme = \"" + key + "\""), std::vector<std::string>{key});

  ProviderKey base64 = Row();
  base64.alphabet = "base64";
  base64.min_length = base64.max_length = 40;
  std::string padded = Key("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40, 10) + "==";
  EXPECT_EQ(Secrets({base64}, "acme_secret=" + padded + "\n"), std::vector<std::string>{padded});

  ProviderKey custom = Row();
  custom.alphabet = "A-Z0-9._-";
  custom.min_length = 24;
  custom.max_length = 24;
  std::string dotted = Key("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", 24, 11);
  EXPECT_EQ(Secrets({custom}, "acme token " + dotted + " "), std::vector<std::string>{dotted});
}

TEST(ProviderKey, RejectsRowsItCannotExpand) {
  auto error_of = [](ProviderKey row) {
    auto rule = ExpandProviderKey(row);
    return rule.ok() ? std::string() : rule.error().message;
  };
  ProviderKey row = Row();
  row.alphabet = "[a-z]";
  EXPECT_NE(error_of(row).find("'alphabet'"), std::string::npos);
  row = Row();
  row.min_length = 4;
  EXPECT_NE(error_of(row).find("'length'"), std::string::npos);
  row = Row();
  row.keywords.clear();
  row.hosts.clear();
  EXPECT_NE(error_of(row).find("'keywords' or 'hosts'"), std::string::npos);
  row = Row();
  row.keywords = {"ac"};
  EXPECT_NE(error_of(row).find("shorter than 3"), std::string::npos);
  row = Row();
  row.remediation.clear();
  EXPECT_NE(error_of(row).find("'remediation'"), std::string::npos);
}

TEST(ProviderKey, ConfigRowsBecomeRulesWithTheirFields) {
  auto config = ParseConfig(R"toml(
[[providers]]
id = "acme-api-key"
name = "Acme"
what = "webhook secret"
keywords = ["ACME"]
alphabet = "hex"
length = [32, 40]
severity = "medium"
remediation = "Rotate it at https://acme.example/keys"
examples = ['ACME_KEY=0123abcd']
negativeExamples = ['nothing']
)toml",
                            "providers.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  ASSERT_EQ(config.value().rules.size(), 1u);
  const Rule& rule = config.value().rules[0];
  EXPECT_EQ(rule.id, "acme-api-key");
  EXPECT_EQ(rule.description, "Acme webhook secret");
  EXPECT_EQ(rule.severity, Severity::kMedium);
  EXPECT_EQ(rule.candidate, "(?i:acme)");
  EXPECT_EQ(rule.examples.size(), 1u);
  EXPECT_EQ(rule.source_line, 2);

  auto bad = ParseConfig("[[providers]]\nid = \"x\"\nname = \"X\"\nkeywords = [\"xyz\"]\nalphabet = \"hex\"\nlength = \"long\"\n",
                         "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().line, 6);
  EXPECT_NE(bad.error().message.find("'length'"), std::string::npos);
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

TEST(ProviderKeyNames, ANameInsideALongerRunIsNoEvidence) {
  ProviderKey row;
  row.id = "acme-api-key";
  row.name = "Acme";
  row.keywords = {"acme"};
  row.alphabet = "lower";
  row.min_length = row.max_length = 32;
  row.remediation = "https://acme.example/keys";
  auto rule = ExpandProviderKey(row);
  ASSERT_TRUE(rule.ok());
  auto compiled = CompiledRules::Compile(RuleSet({rule.value()}));
  ASSERT_TRUE(compiled.ok());
  Matcher matcher(compiled.value());
  auto found = [&](const std::string& text) {
    std::vector<Finding> findings;
    EXPECT_TRUE(matcher.Scan(Blob::Owned(Provenance{}, text), findings).ok());
    return findings.size();
  };
  const std::string key = "k2v9d0s8a7f6g5h4j3l2z1x0c9v8b7n6";
  EXPECT_EQ(found("myAcmeKey = " + key), 1u);      // camelCase
  EXPECT_EQ(found("MY_ACME_KEY=" + key), 1u);
  EXPECT_EQ(found("xQ3facme9Lz = " + key), 0u);    // inside a base64 or hex run
}

TEST(ProviderKeyNames, AHostNeedsNoSecretWordAndChecksumsAreNotKeys) {
  ProviderKey row;
  row.id = "acme-api-key";
  row.name = "Acme";
  row.keywords = {"acme"};
  row.hosts = {"api.acme.io"};
  row.weak_name = true;
  row.alphabet = "hex";
  row.min_length = row.max_length = 40;
  row.remediation = "https://acme.example/keys";
  auto rule = ExpandProviderKey(row);
  ASSERT_TRUE(rule.ok());
  auto compiled = CompiledRules::Compile(RuleSet({rule.value()}));
  ASSERT_TRUE(compiled.ok());
  auto allowlists = AllowlistFilter::Create(compiled.value()->rules());
  Matcher matcher(compiled.value());
  auto kept = [&](const std::string& text) {
    std::vector<Finding> findings;
    EXPECT_TRUE(matcher.Scan(Blob::Owned(Provenance{}, text), findings).ok());
    size_t count = 0;
    for (const Finding& finding : findings) count += allowlists.value()->Keep(finding) ? 1 : 0;
    return count;
  };
  const std::string hex = "3f0c9a1b2d4e6f8091a2b3c4d5e6f708192a3b4c";
  EXPECT_EQ(kept("curl https://api.acme.io/v1/ping?api=" + hex), 1u);
  EXPECT_EQ(kept("acme v1.2.0 sha1-" + hex), 0u);
  EXPECT_EQ(kept("acme_api_key=" + hex), 1u);
}

}  // namespace
}  // namespace vigil

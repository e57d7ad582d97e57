#include "rules/rule_codec.h"

#include <gtest/gtest.h>

#include "rules/config.h"

namespace vigil {
namespace {

void ExpectSameAllowlists(const std::vector<Allowlist>& a, const std::vector<Allowlist>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].description, b[i].description);
    EXPECT_EQ(a[i].paths, b[i].paths);
    EXPECT_EQ(a[i].regexes, b[i].regexes);
    EXPECT_EQ(a[i].regex_target, b[i].regex_target);
    EXPECT_EQ(a[i].stopwords, b[i].stopwords);
    EXPECT_EQ(a[i].commits, b[i].commits);
    EXPECT_EQ(a[i].require_all, b[i].require_all);
    EXPECT_EQ(a[i].target_rules, b[i].target_rules);
    EXPECT_EQ(a[i].source_file, b[i].source_file);
    EXPECT_EQ(a[i].source_line, b[i].source_line);
  }
}

void ExpectSameRules(const RuleSet& a, const RuleSet& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    const Rule& x = a.rules()[i];
    const Rule& y = b.rules()[i];
    SCOPED_TRACE(x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.description, y.description);
    EXPECT_EQ(x.regex, y.regex);
    EXPECT_EQ(x.candidate, y.candidate);
    EXPECT_EQ(x.secret_group, y.secret_group);
    EXPECT_EQ(x.entropy, y.entropy);
    EXPECT_EQ(x.keywords, y.keywords);
    EXPECT_EQ(x.path, y.path);
    EXPECT_EQ(x.tags, y.tags);
    EXPECT_EQ(x.severity, y.severity);
    EXPECT_EQ(x.remediation, y.remediation);
    EXPECT_EQ(x.skip_report, y.skip_report);
    EXPECT_EQ(x.source_file, y.source_file);
    EXPECT_EQ(x.source_line, y.source_line);
    EXPECT_EQ(x.regex_line, y.regex_line);
    EXPECT_EQ(x.regex_column, y.regex_column);
    EXPECT_EQ(x.path_line, y.path_line);
    EXPECT_EQ(x.path_column, y.path_column);
    ExpectSameAllowlists(x.allowlists, y.allowlists);
  }
  ExpectSameAllowlists(a.allowlists(), b.allowlists());
}

constexpr const char* kConfig = R"toml(
[[rules]]
id = "every-field"
description = "A rule with every field set"
regex = '''(?i)tok_([a-z0-9]{20})'''
candidate = '''tok_'''
secretGroup = 1
entropy = 3.25
keywords = ["tok_"]
path = '''\.env$'''
severity = "critical"
tags = ["a", "b"]
remediation = "Rotate it."
skipReport = true
[[rules.allowlists]]
description = "tests"
paths = ['''^tests/''']
regexes = ['''^tok_0+$''']
regexTarget = "line"
stopwords = ["dummy"]
condition = "AND"

[[rules]]
id = "bare"
regex = '''x(y)z'''

[[allowlists]]
description = "global"
commits = ["abc123"]
targetRules = ["bare"]
)toml";

TEST(RuleCodec, RoundTripsEveryField) {
  auto config = ParseConfig(kConfig, "codec.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  RuleSet rules(std::move(config.value().rules), std::move(config.value().allowlists));
  auto decoded = DecodeRuleSet(EncodeRuleSet(rules));
  ASSERT_TRUE(decoded.has_value());
  ExpectSameRules(rules, *decoded);
  EXPECT_FALSE(decoded->rules()[1].secret_group.has_value());
  EXPECT_FALSE(decoded->rules()[1].candidate.has_value());
}

TEST(RuleCodec, RoundTripsTheDefaultPackWithoutExamples) {
  auto pack = LoadDefaultRules(RuleDetail::kWithoutExamples);
  ASSERT_TRUE(pack.ok()) << pack.error().ToString();
  auto decoded = DecodeRuleSet(EncodeRuleSet(pack.value()));
  ASSERT_TRUE(decoded.has_value());
  ExpectSameRules(pack.value(), *decoded);
}

// Damaged bytes never crash and never give a partial rule set: the caller
// falls back to parsing the TOML.
TEST(RuleCodec, RejectsDamagedBytes) {
  auto config = ParseConfig(kConfig, "codec.toml");
  ASSERT_TRUE(config.ok());
  std::string bytes = EncodeRuleSet(RuleSet(std::move(config.value().rules), std::move(config.value().allowlists)));
  EXPECT_FALSE(DecodeRuleSet("").has_value());
  EXPECT_FALSE(DecodeRuleSet("VIGILRS0" + bytes.substr(9)).has_value());
  for (size_t size = 0; size < bytes.size(); ++size) {
    EXPECT_FALSE(DecodeRuleSet(std::string_view(bytes).substr(0, size)).has_value()) << size;
  }
  EXPECT_FALSE(DecodeRuleSet(bytes + "x").has_value());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(0xff);
    (void)DecodeRuleSet(damaged);  // must not crash, whatever it returns
  }
}

TEST(LoadRuleSet, UsesADefaultPackGivenReadyWhenExamplesAreNotWanted) {
  auto pack = LoadDefaultRules(RuleDetail::kWithoutExamples);
  ASSERT_TRUE(pack.ok());
  auto decoded = DecodeRuleSet(EncodeRuleSet(RuleSet({pack.value().rules().front()})));
  ASSERT_TRUE(decoded.has_value());
  auto lean = LoadRuleSet("", "", RuleLoadOptions(RuleDetail::kWithoutExamples, &*decoded));
  ASSERT_TRUE(lean.ok());
  EXPECT_EQ(lean.value().size(), 1u);
  // The ready pack has no examples, so a full load parses the TOML.
  auto full = LoadRuleSet("", "", RuleLoadOptions(RuleDetail::kFull, &*decoded));
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full.value().size(), pack.value().size());
}

}  // namespace
}  // namespace vigil

#include "rules/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace vigil {
namespace {

constexpr const char* kRule = R"(
[[rules]]
id = "demo-token"
description = "Demo token"
regex = '''demo_([a-z0-9]{20})'''
candidate = '''demo_'''
secretGroup = 1
entropy = 3.5
keywords = ["DEMO_"]
path = '''\.env$'''
severity = "critical"
tags = ["demo"]
remediation = "Rotate it."
examples = ['a = demo_q8w7e6r5t4y3u2i1o0p9', { text = 'demo_q8w7e6r5t4y3u2i1o0p9', secret = 'q8w7e6r5t4y3u2i1o0p9', path = 'x.env' }]
negativeExamples = ['demo_short']
)";

TEST(ParseConfig, ReadsEveryRuleField) {
  auto config = ParseConfig(kRule, "demo.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  ASSERT_EQ(config.value().rules.size(), 1u);
  const Rule& rule = config.value().rules[0];
  EXPECT_EQ(rule.id, "demo-token");
  EXPECT_EQ(rule.description, "Demo token");
  EXPECT_EQ(rule.regex, "demo_([a-z0-9]{20})");
  EXPECT_EQ(rule.candidate, "demo_");
  EXPECT_EQ(rule.secret_group, 1);
  EXPECT_DOUBLE_EQ(rule.entropy, 3.5);
  EXPECT_EQ(rule.keywords, std::vector<std::string>{"demo_"});  // lower-cased
  EXPECT_EQ(rule.path, "\\.env$");
  EXPECT_EQ(rule.severity, Severity::kCritical);
  EXPECT_EQ(rule.tags, std::vector<std::string>{"demo"});
  EXPECT_EQ(rule.remediation, "Rotate it.");
  ASSERT_EQ(rule.examples.size(), 2u);
  EXPECT_FALSE(rule.examples[0].secret.has_value());
  EXPECT_EQ(rule.examples[1].secret, "q8w7e6r5t4y3u2i1o0p9");
  EXPECT_EQ(rule.examples[1].path, "x.env");
  ASSERT_EQ(rule.negative_examples.size(), 1u);
  EXPECT_EQ(rule.source_file, "demo.toml");
  EXPECT_EQ(rule.source_line, 2);
}

TEST(ParseConfig, ReadsExtend) {
  auto config = ParseConfig("[extend]\nuseDefault = true\ndisabledRules = [\"a\", \"b\"]\n", "c.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_TRUE(config.value().use_default);
  EXPECT_EQ(config.value().disabled_rules, (std::vector<std::string>{"a", "b"}));
}

struct BadConfig {
  const char* text;
  int line;
  const char* message_part;
};

class ParseConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ParseConfigErrors, NameFileLineAndReason) {
  auto config = ParseConfig(GetParam().text, "bad.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().file, "bad.toml");
  EXPECT_EQ(config.error().line, GetParam().line) << config.error().ToString();
  EXPECT_NE(config.error().message.find(GetParam().message_part), std::string::npos)
      << config.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseConfigErrors,
    ::testing::Values(
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x\n", 3, "invalid TOML"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\ncolour = 'red'\n", 4, "unknown key 'colour'"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\nentropy = \"high\"\n", 4, "'entropy' must be a number"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\nkeywords = \"k\"\n", 4, "array of strings"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\nseverity = \"urgent\"\n", 4, "'severity' must be one of"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\nsecretGroup = -1\n", 4, "'secretGroup'"},
        BadConfig{"[[rules]]\ndescription = \"no id\"\nregex = 'x'\n", 1, "needs a non-empty 'id'"},
        BadConfig{"[[rules]]\nid = \"a\"\n", 1, "needs a 'regex' (or only a 'path'"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\n[[rules]]\nid = \"a\"\nregex = 'y'\n", 4,
                  "duplicate rule id 'a'"},
        BadConfig{"[extend]\nuseDefault = \"yes\"\n", 2, "'useDefault' must be true or false"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\nexamples = [{ txt = 'x' }]\n", 4, "unknown key 'txt'"},
        BadConfig{"[[rules]]\nid = \"a\"\nregex = 'x'\ncandidate = ''\n", 4, "'candidate' must not be empty"},
        BadConfig{"rules = 3\n", 1, "'rules' must be an array"}));

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "vigil-config-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(LoadRuleSet, ConfigWithoutExtendReplacesTheDefaults) {
  TempDir dir;
  WriteFile(dir.path() / "c.toml", kRule);
  auto rules = LoadRuleSet((dir.path() / "c.toml").string(), "");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  ASSERT_EQ(rules.value().size(), 1u);
  EXPECT_NE(rules.value().Find("demo-token"), nullptr);
}

TEST(LoadRuleSet, FindsDotVigilTomlAtTheScanRoot) {
  TempDir dir;
  WriteFile(dir.path() / ".vigil.toml", kRule);
  auto rules = LoadRuleSet("", dir.path().string());
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  EXPECT_EQ(rules.value().size(), 1u);
}

TEST(LoadRuleSet, ExtendAddsToTheDefaultsAndDisablesRules) {
  auto defaults = LoadDefaultRules();
  ASSERT_TRUE(defaults.ok()) << defaults.error().ToString();
  if (defaults.value().size() == 0) GTEST_SKIP() << "no default rules embedded";
  std::string disabled = defaults.value().rules().front().id;
  TempDir dir;
  WriteFile(dir.path() / "c.toml",
            std::string("[extend]\nuseDefault = true\ndisabledRules = [\"") + disabled + "\"]\n" + kRule);
  auto rules = LoadRuleSet((dir.path() / "c.toml").string(), "");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  EXPECT_EQ(rules.value().size(), defaults.value().size());  // one added, one disabled
  EXPECT_EQ(rules.value().Find(disabled), nullptr);
  EXPECT_NE(rules.value().Find("demo-token"), nullptr);
}

TEST(LoadRuleSet, MissingConfigFileIsAnError) {
  auto rules = LoadRuleSet("/nonexistent/vigil.toml", "");
  ASSERT_FALSE(rules.ok());
  EXPECT_EQ(rules.error().file, "/nonexistent/vigil.toml");
}

TEST(LoadDefaultRules, LoadsTheEmbeddedPackWithUniqueIds) {
  auto rules = LoadDefaultRules();
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  std::set<std::string> ids;
  for (const Rule& rule : rules.value().rules()) {
    EXPECT_TRUE(ids.insert(rule.id).second) << rule.id;
    EXPECT_FALSE(rule.description.empty()) << rule.id;
    EXPECT_TRUE(rule.source_file.rfind("rules/", 0) == 0) << rule.source_file;
  }
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// Scans load the pack without examples; every other field must come through.
TEST(LoadDefaultRules, WithoutExamplesKeepsEveryOtherField) {
  auto full = LoadDefaultRules(RuleDetail::kFull);
  auto lean = LoadDefaultRules(RuleDetail::kWithoutExamples);
  ASSERT_TRUE(full.ok()) << full.error().ToString();
  ASSERT_TRUE(lean.ok()) << lean.error().ToString();
  ASSERT_EQ(full.value().size(), lean.value().size());
  for (size_t i = 0; i < full.value().size(); ++i) {
    const Rule& a = full.value().rules()[i];
    const Rule& b = lean.value().rules()[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.regex, b.regex) << a.id;
    EXPECT_EQ(a.secret_group, b.secret_group) << a.id;
    EXPECT_EQ(a.entropy, b.entropy) << a.id;
    EXPECT_EQ(a.keywords, b.keywords) << a.id;
    EXPECT_EQ(a.path, b.path) << a.id;
    EXPECT_EQ(a.tags, b.tags) << a.id;
    EXPECT_EQ(a.severity, b.severity) << a.id;
    EXPECT_EQ(a.remediation, b.remediation) << a.id;
    EXPECT_EQ(a.allowlists.size(), b.allowlists.size()) << a.id;
    EXPECT_TRUE(b.examples.empty()) << a.id;
    EXPECT_TRUE(b.negative_examples.empty()) << a.id;
  }
}

TEST(WithoutExamples, DropsOneLineAndMultiLineArraysOnly) {
  std::string text =
      "[[rules]]\nid = \"a\"\nregex = '''x'''\nexamples = ['one', 'two']\n"
      "negativeExamples = [\n  'three',\n  { text = 'four' },\n]\ntags = [\"t\"]\n";
  EXPECT_EQ(WithoutExamples(text), "[[rules]]\nid = \"a\"\nregex = '''x'''\ntags = [\"t\"]\n");
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// The default pack's allowlists name rules by id; disabling one of those rules
// is not a misspelt targetRules.
TEST(LoadRuleSet, DisablingARuleTheDefaultAllowlistsNameIsFine) {
  auto defaults = LoadDefaultRules();
  ASSERT_TRUE(defaults.ok()) << defaults.error().ToString();
  std::string named;
  for (const Allowlist& allowlist : defaults.value().allowlists()) {
    if (!allowlist.target_rules.empty()) named = allowlist.target_rules.front();
  }
  if (named.empty()) GTEST_SKIP() << "no default allowlist names a rule";
  TempDir dir;
  WriteFile(dir.path() / "c.toml", "[extend]\nuseDefault = true\ndisabledRules = [\"" + named + "\"]\n");
  auto rules = LoadRuleSet((dir.path() / "c.toml").string(), "");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  EXPECT_EQ(rules.value().Find(named), nullptr);
}

}  // namespace
}  // namespace vigil

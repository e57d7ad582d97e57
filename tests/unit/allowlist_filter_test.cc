// AllowlistFilter on findings built by hand, and the allowlist sections of a
// config as ParseConfig reads them (gitleaks' `[allowlist]` / `[[allowlists]]`
// and the per-rule `[rules.allowlist]` / `[[rules.allowlists]]`).
#include "filter/allowlist_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "rules/config.h"

namespace vigil {
namespace {

constexpr const char* kCommit = "3f2a9c41d07be5a8c6e1f4b2d9a07c35e81b64f0";
constexpr const char* kOtherCommit = "b81e07d5c3a94f26e0d1c8b7a5f3e2d4c6b9a180";

Rule MakeRule(const std::string& id, std::vector<Allowlist> allowlists = {}) {
  Rule rule;
  rule.id = id;
  rule.regex = "x";
  rule.allowlists = std::move(allowlists);
  return rule;
}

// What a finding says; the rule is looked up in the RuleSet by id.
struct Spec {
  std::string rule_id = "rule-a";
  std::string path = "src/app.py";
  std::string secret = "Q7mWz2Lk9PxR4tVb";
  std::string match = "api_key = \"Q7mWz2Lk9PxR4tVb\"";
  std::string line = "    api_key = \"Q7mWz2Lk9PxR4tVb\"  # production";
  std::optional<std::string> commit;
};

Finding MakeFinding(const RuleSet& rules, const Spec& spec) {
  Finding finding;
  finding.rule = rules.Find(spec.rule_id);
  EXPECT_NE(finding.rule, nullptr) << spec.rule_id;
  finding.provenance.path = spec.path;
  if (spec.commit) {
    finding.provenance.kind = Provenance::Kind::kGit;
    GitOrigin git;
    git.commit = *spec.commit;
    finding.provenance.git = git;
  }
  finding.secret = spec.secret;
  finding.match = spec.match;
  finding.line = spec.line;
  finding.secret_span = {14, 30, 3, 15, 3, 30};
  finding.match_span = {4, 31, 3, 5, 3, 31};
  finding.fingerprint = "fp-" + spec.path + "-" + spec.secret;
  return finding;
}

// The RuleSet of most tests: rules rule-a and rule-b, and `global` allowlists.
RuleSet TwoRules(std::vector<Allowlist> global) {
  return RuleSet({MakeRule("rule-a"), MakeRule("rule-b")}, std::move(global));
}

// Whether the filter built from `rules` keeps the finding `spec` describes.
bool Keeps(const RuleSet& rules, const Spec& spec) {
  auto filter = AllowlistFilter::Create(rules);
  EXPECT_TRUE(filter.ok()) << filter.error().ToString();
  if (!filter.ok()) return true;
  return filter.value()->Keep(MakeFinding(rules, spec));
}

Allowlist WithPaths(std::vector<std::string> paths) {
  Allowlist allowlist;
  allowlist.paths = std::move(paths);
  return allowlist;
}

Allowlist WithRegexes(std::vector<std::string> regexes, Allowlist::Target target) {
  Allowlist allowlist;
  allowlist.regexes = std::move(regexes);
  allowlist.regex_target = target;
  return allowlist;
}

Allowlist WithStopwords(std::vector<std::string> words) {
  Allowlist allowlist;
  allowlist.stopwords = std::move(words);
  return allowlist;
}

Allowlist WithCommits(std::vector<std::string> commits) {
  Allowlist allowlist;
  allowlist.commits = std::move(commits);
  return allowlist;
}

// ---------------------------------------------------------------------------
// Each criterion alone

TEST(AllowlistFilter, WithoutAllowlistsIsEmptyAndKeepsEverything) {
  RuleSet rules = TwoRules({});
  auto filter = AllowlistFilter::Create(rules);
  ASSERT_TRUE(filter.ok()) << filter.error().ToString();
  EXPECT_TRUE(filter.value()->empty());
  EXPECT_EQ(filter.value()->name(), "allowlist");
  EXPECT_TRUE(filter.value()->Keep(MakeFinding(rules, {})));
}

TEST(AllowlistFilter, PathsAreSearchedInTheFindingsPath) {
  RuleSet rules = TwoRules({WithPaths({"^fixtures/", R"(\.md$)"})});
  auto filter = AllowlistFilter::Create(rules);
  ASSERT_TRUE(filter.ok());
  EXPECT_FALSE(filter.value()->empty());
  EXPECT_FALSE(Keeps(rules, {.path = "fixtures/tokens.env"}));
  EXPECT_FALSE(Keeps(rules, {.path = "docs/setup.md"}));
  EXPECT_TRUE(Keeps(rules, {.path = "src/fixtures/tokens.env"}));  // anchored at the start
  EXPECT_TRUE(Keeps(rules, {.path = "src/app.py"}));
  EXPECT_TRUE(Keeps(rules, {.path = "docs/setup.md.bak"}));
}

TEST(AllowlistFilter, PathRegexIsAnUnanchoredSearch) {
  RuleSet rules = TwoRules({WithPaths({"testdata"})});
  EXPECT_FALSE(Keeps(rules, {.path = "pkg/auth/testdata/keys.pem"}));
  EXPECT_TRUE(Keeps(rules, {.path = "pkg/auth/keys.pem"}));
}

TEST(AllowlistFilter, RegexesTargetTheSecretByDefault) {
  Allowlist allowlist;
  allowlist.regexes = {"^Q7mW"};
  EXPECT_EQ(allowlist.regex_target, Allowlist::Target::kSecret);
  EXPECT_FALSE(Keeps(TwoRules({allowlist}), {}));
  // Text that is in the match and the line but not in the secret does not count.
  EXPECT_TRUE(Keeps(TwoRules({WithRegexes({"api_key"}, Allowlist::Target::kSecret)}), {}));
  EXPECT_TRUE(Keeps(TwoRules({WithRegexes({"production"}, Allowlist::Target::kSecret)}), {}));
}

TEST(AllowlistFilter, RegexTargetMatchSearchesTheWholeMatch) {
  RuleSet rules = TwoRules({WithRegexes({R"(^api_key\s*=)"}, Allowlist::Target::kMatch)});
  EXPECT_FALSE(Keeps(rules, {}));
  EXPECT_TRUE(Keeps(rules, {.match = "secret_key = \"Q7mWz2Lk9PxR4tVb\""}));
  // Only on the line, outside the match: not allowed.
  EXPECT_TRUE(Keeps(TwoRules({WithRegexes({"production"}, Allowlist::Target::kMatch)}), {}));
  // The secret is part of the match.
  EXPECT_FALSE(Keeps(TwoRules({WithRegexes({"z2Lk9"}, Allowlist::Target::kMatch)}), {}));
}

TEST(AllowlistFilter, RegexTargetLineSearchesTheSecretsLine) {
  RuleSet rules = TwoRules({WithRegexes({"# production$"}, Allowlist::Target::kLine)});
  EXPECT_FALSE(Keeps(rules, {}));
  EXPECT_TRUE(Keeps(rules, {.line = "    api_key = \"Q7mWz2Lk9PxR4tVb\"  # staging"}));
  // The line holds the match and the secret too.
  EXPECT_FALSE(Keeps(TwoRules({WithRegexes({"^\\s+api_key"}, Allowlist::Target::kLine)}), {}));
  EXPECT_FALSE(Keeps(TwoRules({WithRegexes({"Lk9Px"}, Allowlist::Target::kLine)}), {}));
}

TEST(AllowlistFilter, AnyOfSeveralRegexesIsEnough) {
  RuleSet rules = TwoRules({WithRegexes({"^nomatch", "tVb$"}, Allowlist::Target::kSecret)});
  EXPECT_FALSE(Keeps(rules, {}));
  EXPECT_TRUE(Keeps(rules, {.secret = "Hj3Kd8Wq2Zx7Pn5R"}));
}

TEST(AllowlistFilter, StopwordsAreFoundInTheSecretIgnoringCase) {
  // Stopwords are stored lower-cased (ParseConfig lowers them).
  RuleSet rules = TwoRules({WithStopwords({"sandbox", "revoked"})});
  EXPECT_FALSE(Keeps(rules, {.secret = "SANDBOX9fK2mQ7wLp"}));
  EXPECT_FALSE(Keeps(rules, {.secret = "9fK2mQRevoked7wLp"}));
  EXPECT_FALSE(Keeps(rules, {.secret = "9fK2mQ7wLpsandbox"}));
  EXPECT_TRUE(Keeps(rules, {.secret = "9fK2mQ7wLpXs4ndb0x"}));
}

TEST(AllowlistFilter, StopwordsOnlyLookAtTheSecret) {
  RuleSet rules = TwoRules({WithStopwords({"api_key", "production"})});
  EXPECT_TRUE(Keeps(rules, {}));  // both words are in the match or the line, not the secret
}

TEST(AllowlistFilter, CommitsMatchByPrefixOnGitFindingsOnly) {
  RuleSet full = TwoRules({WithCommits({kCommit})});
  EXPECT_FALSE(Keeps(full, {.commit = kCommit}));
  EXPECT_TRUE(Keeps(full, {.commit = kOtherCommit}));
  EXPECT_TRUE(Keeps(full, {}));  // a file on disk has no commit

  RuleSet prefix = TwoRules({WithCommits({"3f2a9c4"})});
  EXPECT_FALSE(Keeps(prefix, {.commit = kCommit}));
  EXPECT_TRUE(Keeps(prefix, {.commit = kOtherCommit}));
  EXPECT_TRUE(Keeps(prefix, {}));

  RuleSet upper = TwoRules({WithCommits({"3F2A9C41D07B"})});
  EXPECT_FALSE(Keeps(upper, {.commit = kCommit}));

  // A prefix must start the id; a piece from the middle is not one.
  RuleSet middle = TwoRules({WithCommits({"9c41d07b"})});
  EXPECT_TRUE(Keeps(middle, {.commit = kCommit}));

  // A longer id than the commit's is not a prefix of it.
  RuleSet longer = TwoRules({WithCommits({std::string(kCommit) + "00"})});
  EXPECT_TRUE(Keeps(longer, {.commit = kCommit}));

  // An empty entry allows nothing.
  RuleSet empty = TwoRules({WithCommits({""})});
  EXPECT_TRUE(Keeps(empty, {.commit = kCommit}));
}

TEST(AllowlistFilter, AGitFindingWithAnEmptyCommitIsNotAllowedByCommits) {
  RuleSet rules = TwoRules({WithCommits({"3f2a9c4"})});
  EXPECT_TRUE(Keeps(rules, {.commit = ""}));
}

// ---------------------------------------------------------------------------
// Conditions

Allowlist PathAndStopword(bool require_all) {
  Allowlist allowlist;
  allowlist.paths = {"^fixtures/"};
  allowlist.stopwords = {"sandbox"};
  allowlist.require_all = require_all;
  return allowlist;
}

TEST(AllowlistFilter, ConditionOrAllowsWhenAnyCriterionMatches) {
  RuleSet rules = TwoRules({PathAndStopword(false)});
  EXPECT_FALSE(Keeps(rules, {.path = "fixtures/a.env", .secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_FALSE(Keeps(rules, {.path = "fixtures/a.env", .secret = "Q7mWz2Lk9PxR4tVb"}));
  EXPECT_FALSE(Keeps(rules, {.path = "src/a.env", .secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_TRUE(Keeps(rules, {.path = "src/a.env", .secret = "Q7mWz2Lk9PxR4tVb"}));
}

TEST(AllowlistFilter, ConditionAndNeedsEveryCriterionThatIsSet) {
  RuleSet rules = TwoRules({PathAndStopword(true)});
  EXPECT_FALSE(Keeps(rules, {.path = "fixtures/a.env", .secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_TRUE(Keeps(rules, {.path = "fixtures/a.env", .secret = "Q7mWz2Lk9PxR4tVb"}));
  EXPECT_TRUE(Keeps(rules, {.path = "src/a.env", .secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_TRUE(Keeps(rules, {.path = "src/a.env", .secret = "Q7mWz2Lk9PxR4tVb"}));
}

TEST(AllowlistFilter, ConditionAndWithFourCriteria) {
  Allowlist allowlist;
  allowlist.paths = {"^fixtures/"};
  allowlist.regexes = {"# fixture"};
  allowlist.regex_target = Allowlist::Target::kLine;
  allowlist.stopwords = {"sandbox"};
  allowlist.commits = {"3f2a9c4"};
  allowlist.require_all = true;
  RuleSet rules = TwoRules({allowlist});
  const Spec all{.path = "fixtures/a.env",
                 .secret = "sandboxQ7mWz2Lk9",
                 .line = "KEY=sandboxQ7mWz2Lk9 # fixture",
                 .commit = kCommit};
  EXPECT_FALSE(Keeps(rules, all));
  Spec no_path = all;
  no_path.path = "src/a.env";
  EXPECT_TRUE(Keeps(rules, no_path));
  Spec no_line = all;
  no_line.line = "KEY=sandboxQ7mWz2Lk9";
  EXPECT_TRUE(Keeps(rules, no_line));
  Spec no_stopword = all;
  no_stopword.secret = "Q7mWz2Lk9PxR4tVb";
  EXPECT_TRUE(Keeps(rules, no_stopword));
  Spec other_commit = all;
  other_commit.commit = kOtherCommit;
  EXPECT_TRUE(Keeps(rules, other_commit));
  Spec on_disk = all;
  on_disk.commit.reset();  // AND with commits set never allows a finding outside git
  EXPECT_TRUE(Keeps(rules, on_disk));
}

TEST(AllowlistFilter, ConditionAndWithOneCriterionActsLikeOr) {
  Allowlist allowlist = WithPaths({"^fixtures/"});
  allowlist.require_all = true;
  RuleSet rules = TwoRules({allowlist});
  EXPECT_FALSE(Keeps(rules, {.path = "fixtures/a.env"}));
  EXPECT_TRUE(Keeps(rules, {.path = "src/a.env"}));
}

TEST(AllowlistFilter, AnAllowlistWithNoCriterionAllowsNothing) {
  Allowlist allowlist;
  allowlist.description = "nothing set";
  EXPECT_TRUE(Keeps(TwoRules({allowlist}), {}));
  allowlist.require_all = true;
  EXPECT_TRUE(Keeps(TwoRules({allowlist}), {}));
}

TEST(AllowlistFilter, AnyOfSeveralGlobalAllowlistsIsEnough) {
  RuleSet rules = TwoRules({WithPaths({"^vendor/"}), WithStopwords({"sandbox"})});
  EXPECT_FALSE(Keeps(rules, {.path = "vendor/lib.py"}));
  EXPECT_FALSE(Keeps(rules, {.secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_TRUE(Keeps(rules, {}));
}

// ---------------------------------------------------------------------------
// Which rules an allowlist applies to

TEST(AllowlistFilter, TargetRulesLimitAGlobalAllowlist) {
  Allowlist allowlist = WithPaths({"^fixtures/"});
  allowlist.target_rules = {"rule-a"};
  RuleSet rules = TwoRules({allowlist});
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-a", .path = "fixtures/a.env"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-b", .path = "fixtures/a.env"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-a", .path = "src/a.env"}));
}

TEST(AllowlistFilter, TargetRulesMayNameSeveralRules) {
  Allowlist allowlist = WithPaths({"^fixtures/"});
  allowlist.target_rules = {"rule-b", "rule-c"};
  RuleSet rules({MakeRule("rule-a"), MakeRule("rule-b"), MakeRule("rule-c")}, {allowlist});
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-a", .path = "fixtures/a.env"}));
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-b", .path = "fixtures/a.env"}));
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-c", .path = "fixtures/a.env"}));
}

TEST(AllowlistFilter, GlobalAllowlistWithoutTargetRulesAppliesToEveryRule) {
  RuleSet rules = TwoRules({WithPaths({"^fixtures/"})});
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-a", .path = "fixtures/a.env"}));
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-b", .path = "fixtures/a.env"}));
}

TEST(AllowlistFilter, PerRuleAllowlistOnlyTouchesItsRule) {
  RuleSet rules({MakeRule("rule-a", {WithPaths({"^fixtures/"})}), MakeRule("rule-b")});
  auto filter = AllowlistFilter::Create(rules);
  ASSERT_TRUE(filter.ok());
  EXPECT_FALSE(filter.value()->empty());
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-a", .path = "fixtures/a.env"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-a", .path = "src/a.env"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-b", .path = "fixtures/a.env"}));
}

TEST(AllowlistFilter, PerRuleAllowlistsOfSeveralRulesStayApart) {
  RuleSet rules({MakeRule("rule-a", {WithStopwords({"sandbox"})}),
                 MakeRule("rule-b", {WithRegexes({"^Q7"}, Allowlist::Target::kSecret)})});
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-a", .secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-b", .secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-b", .secret = "Q7mWz2Lk9PxR4tVb"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-a", .secret = "Q7mWz2Lk9PxR4tVb"}));
}

TEST(AllowlistFilter, GlobalAndPerRuleAllowlistsBothApply) {
  RuleSet rules({MakeRule("rule-a", {WithStopwords({"sandbox"})}), MakeRule("rule-b")},
                {WithPaths({"^vendor/"})});
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-a", .path = "vendor/x.py"}));
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-a", .secret = "sandboxQ7mWz2Lk9"}));
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-b", .path = "vendor/x.py"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-b", .secret = "sandboxQ7mWz2Lk9"}));
}

// ---------------------------------------------------------------------------
// Bad regexes

TEST(AllowlistFilter, BadPathRegexNamesTheAllowlistsFileAndLine) {
  Allowlist allowlist = WithPaths({"fixtures/(unclosed"});
  allowlist.source_file = "team.toml";
  allowlist.source_line = 7;
  auto filter = AllowlistFilter::Create(TwoRules({allowlist}));
  ASSERT_FALSE(filter.ok());
  EXPECT_EQ(filter.error().file, "team.toml");
  EXPECT_EQ(filter.error().line, 7);
  EXPECT_NE(filter.error().message.find("fixtures/(unclosed"), std::string::npos) << filter.error().ToString();
  EXPECT_NE(filter.error().ToString().find("team.toml:7"), std::string::npos) << filter.error().ToString();
}

TEST(AllowlistFilter, BadRegexInAPerRuleAllowlistNamesItsFileAndLine) {
  Allowlist allowlist = WithRegexes({"ok", "[z-a]"}, Allowlist::Target::kMatch);
  allowlist.source_file = "rules/extra.toml";
  allowlist.source_line = 23;
  auto filter = AllowlistFilter::Create(RuleSet({MakeRule("rule-a", {allowlist})}));
  ASSERT_FALSE(filter.ok());
  EXPECT_EQ(filter.error().file, "rules/extra.toml");
  EXPECT_EQ(filter.error().line, 23);
  EXPECT_NE(filter.error().message.find("[z-a]"), std::string::npos) << filter.error().ToString();
}

// ---------------------------------------------------------------------------
// Allowlists in a config

TEST(ParseConfigAllowlists, ReadsEveryFieldOfAGlobalAllowlist) {
  constexpr const char* kText = R"(title = "team config"

[[allowlists]]
description = "Fixtures and docs"
paths = ['''^fixtures/''', '''\.md$''']
regexes = ['''^AKIA[0-9A-Z]{4}SAMPLE''']
regexTarget = "match"
stopwords = ["Sandbox", "REVOKED"]
commits = ["3f2a9c41d07b"]
condition = "AND"
targetRules = ["rule-a", "rule-b"]
)";
  auto config = ParseConfig(kText, "team.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  ASSERT_EQ(config.value().allowlists.size(), 1u);
  const Allowlist& allowlist = config.value().allowlists[0];
  EXPECT_EQ(allowlist.description, "Fixtures and docs");
  EXPECT_EQ(allowlist.paths, (std::vector<std::string>{"^fixtures/", R"(\.md$)"}));
  EXPECT_EQ(allowlist.regexes, (std::vector<std::string>{"^AKIA[0-9A-Z]{4}SAMPLE"}));
  EXPECT_EQ(allowlist.regex_target, Allowlist::Target::kMatch);
  EXPECT_EQ(allowlist.stopwords, (std::vector<std::string>{"sandbox", "revoked"}));  // lower-cased
  EXPECT_EQ(allowlist.commits, (std::vector<std::string>{"3f2a9c41d07b"}));
  EXPECT_TRUE(allowlist.require_all);
  EXPECT_EQ(allowlist.target_rules, (std::vector<std::string>{"rule-a", "rule-b"}));
  EXPECT_EQ(allowlist.source_file, "team.toml");
  EXPECT_EQ(allowlist.source_line, 3);
}

TEST(ParseConfigAllowlists, DefaultsAreSecretTargetAndConditionOr) {
  auto config = ParseConfig("[[allowlists]]\nregexes = ['x']\n", "c.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  ASSERT_EQ(config.value().allowlists.size(), 1u);
  EXPECT_EQ(config.value().allowlists[0].regex_target, Allowlist::Target::kSecret);
  EXPECT_FALSE(config.value().allowlists[0].require_all);
  EXPECT_TRUE(config.value().allowlists[0].target_rules.empty());
}

TEST(ParseConfigAllowlists, RegexTargetAndConditionValues) {
  struct Case {
    const char* target;
    Allowlist::Target expected;
  };
  for (const Case& c : {Case{"secret", Allowlist::Target::kSecret}, Case{"match", Allowlist::Target::kMatch},
                        Case{"line", Allowlist::Target::kLine}}) {
    auto config = ParseConfig(std::string("[[allowlists]]\nregexes = ['x']\nregexTarget = \"") + c.target + "\"\n",
                              "c.toml");
    ASSERT_TRUE(config.ok()) << c.target << ": " << config.error().ToString();
    EXPECT_EQ(config.value().allowlists[0].regex_target, c.expected) << c.target;
  }
  auto or_config = ParseConfig("[[allowlists]]\nregexes = ['x']\ncondition = \"OR\"\n", "c.toml");
  ASSERT_TRUE(or_config.ok()) << or_config.error().ToString();
  EXPECT_FALSE(or_config.value().allowlists[0].require_all);
  auto and_config = ParseConfig("[[allowlists]]\nregexes = ['x']\ncondition = \"AND\"\n", "c.toml");
  ASSERT_TRUE(and_config.ok()) << and_config.error().ToString();
  EXPECT_TRUE(and_config.value().allowlists[0].require_all);
}

TEST(ParseConfigAllowlists, ReadsGitleaksOlderSingleAllowlistTable) {
  constexpr const char* kText = R"([allowlist]
description = "global allow list"
paths = ['''(^|/)vendor/''']
regexes = ['''^sk_live_0{8}''']
stopwords = ["sandbox"]
)";
  auto config = ParseConfig(kText, "gitleaks.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  ASSERT_EQ(config.value().allowlists.size(), 1u);
  const Allowlist& allowlist = config.value().allowlists[0];
  EXPECT_EQ(allowlist.description, "global allow list");
  EXPECT_EQ(allowlist.paths, (std::vector<std::string>{"(^|/)vendor/"}));
  EXPECT_EQ(allowlist.regexes, (std::vector<std::string>{"^sk_live_0{8}"}));
  EXPECT_EQ(allowlist.stopwords, (std::vector<std::string>{"sandbox"}));
  EXPECT_FALSE(allowlist.require_all);
  EXPECT_EQ(allowlist.source_line, 1);
}

TEST(ParseConfigAllowlists, ReadsBothGlobalFormsTogether) {
  constexpr const char* kText = R"([allowlist]
paths = ['''^old/''']

[[allowlists]]
paths = ['''^new/''']

[[allowlists]]
stopwords = ["sandbox"]
)";
  auto config = ParseConfig(kText, "c.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  ASSERT_EQ(config.value().allowlists.size(), 3u);
  std::vector<std::vector<std::string>> paths;
  for (const Allowlist& allowlist : config.value().allowlists) paths.push_back(allowlist.paths);
  EXPECT_NE(std::find(paths.begin(), paths.end(), std::vector<std::string>{"^old/"}), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), std::vector<std::string>{"^new/"}), paths.end());
}

TEST(ParseConfigAllowlists, ReadsPerRuleAllowlistsInBothForms) {
  constexpr const char* kText = R"([[rules]]
id = "rule-a"
regex = '''a_([a-z0-9]{16})'''

[rules.allowlist]
description = "older form"
stopwords = ["sandbox"]

[[rules]]
id = "rule-b"
regex = '''b_([a-z0-9]{16})'''

[[rules.allowlists]]
paths = ['''^tests/''']
regexes = ['''^local''']
condition = "AND"

[[rules.allowlists]]
regexes = ['''# fixture''']
regexTarget = "line"
)";
  auto config = ParseConfig(kText, "rules.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_TRUE(config.value().allowlists.empty());
  ASSERT_EQ(config.value().rules.size(), 2u);
  const Rule& a = config.value().rules[0];
  ASSERT_EQ(a.allowlists.size(), 1u);
  EXPECT_EQ(a.allowlists[0].description, "older form");
  EXPECT_EQ(a.allowlists[0].stopwords, (std::vector<std::string>{"sandbox"}));
  EXPECT_EQ(a.allowlists[0].source_file, "rules.toml");
  EXPECT_EQ(a.allowlists[0].source_line, 5);
  const Rule& b = config.value().rules[1];
  ASSERT_EQ(b.allowlists.size(), 2u);
  EXPECT_EQ(b.allowlists[0].paths, (std::vector<std::string>{"^tests/"}));
  EXPECT_TRUE(b.allowlists[0].require_all);
  EXPECT_EQ(b.allowlists[0].source_line, 13);
  EXPECT_EQ(b.allowlists[1].regex_target, Allowlist::Target::kLine);
  EXPECT_FALSE(b.allowlists[1].require_all);
  EXPECT_EQ(b.allowlists[1].source_line, 18);
}

TEST(ParseConfigAllowlists, ParsedAllowlistsFilterFindings) {
  constexpr const char* kText = R"([[rules]]
id = "rule-a"
regex = '''a_([A-Za-z0-9]{16})'''

[[rules.allowlists]]
paths = ['''^tests/''']
stopwords = ["LOCAL"]
condition = "AND"

[[rules]]
id = "rule-b"
regex = '''b_([A-Za-z0-9]{16})'''

[[allowlists]]
paths = ['''^vendor/''']
targetRules = ["rule-b"]
)";
  auto config = ParseConfig(kText, "c.toml");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  RuleSet rules(config.value().rules, config.value().allowlists);
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-a", .path = "tests/a.py", .secret = "localQ7mWz2Lk9Px"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-a", .path = "tests/a.py", .secret = "Q7mWz2Lk9PxR4tVb"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-a", .path = "src/a.py", .secret = "localQ7mWz2Lk9Px"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-b", .path = "tests/a.py", .secret = "localQ7mWz2Lk9Px"}));
  EXPECT_FALSE(Keeps(rules, {.rule_id = "rule-b", .path = "vendor/a.py"}));
  EXPECT_TRUE(Keeps(rules, {.rule_id = "rule-a", .path = "vendor/a.py"}));
}

struct BadAllowlist {
  const char* name;
  const char* text;
  int line;
  const char* message_part;
};

void PrintTo(const BadAllowlist& bad, std::ostream* out) { *out << bad.name; }

class ParseConfigAllowlistErrors : public ::testing::TestWithParam<BadAllowlist> {};

TEST_P(ParseConfigAllowlistErrors, NameFileLineColumnAndReason) {
  auto config = ParseConfig(GetParam().text, "bad.toml");
  ASSERT_FALSE(config.ok()) << GetParam().name;
  EXPECT_EQ(config.error().file, "bad.toml");
  EXPECT_EQ(config.error().line, GetParam().line) << config.error().ToString();
  EXPECT_GT(config.error().column, 0) << config.error().ToString();
  EXPECT_NE(config.error().message.find(GetParam().message_part), std::string::npos)
      << config.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseConfigAllowlistErrors,
    ::testing::Values(
        BadAllowlist{"UnknownKeyInGlobal", "[[allowlists]]\npaths = ['x']\npath = 'y'\n", 3,
                     "unknown key 'path' in an allowlist"},
        BadAllowlist{"UnknownKeyInOlderForm", "[allowlist]\nstopwords = ['x']\nstopword = 'y'\n", 3,
                     "unknown key 'stopword'"},
        BadAllowlist{"UnknownKeyInPerRule",
                     "[[rules]]\nid = 'a'\nregex = 'x'\n[[rules.allowlists]]\npaths = ['x']\nregex = 'y'\n", 6,
                     "unknown key 'regex'"},
        BadAllowlist{"TargetRulesInPerRule",
                     "[[rules]]\nid = 'a'\nregex = 'x'\n[rules.allowlist]\npaths = ['x']\ntargetRules = ['a']\n", 6,
                     "unknown key 'targetRules'"},
        BadAllowlist{"PathsNotAnArray", "[[allowlists]]\npaths = '^fixtures/'\n", 2, "'paths' must be an array"},
        BadAllowlist{"StopwordNotAString", "[[allowlists]]\nstopwords = ['ok',\n  42]\n", 3,
                     "'stopwords' must be a string"},
        BadAllowlist{"DescriptionNotAString", "[[allowlists]]\npaths = ['x']\ndescription = 3\n", 3,
                     "'description' must be a string"},
        BadAllowlist{"CommitsNotAnArray", "[[allowlists]]\ncommits = 12345\n", 2, "'commits' must be an array"},
        BadAllowlist{"BadRegexTarget", "[[allowlists]]\nregexes = ['x']\nregexTarget = \"file\"\n", 3,
                     "'regexTarget' must be one of secret, match, line"},
        BadAllowlist{"RegexTargetNotAString", "[[allowlists]]\nregexes = ['x']\nregexTarget = 1\n", 3,
                     "'regexTarget' must be a string"},
        BadAllowlist{"BadCondition", "[[allowlists]]\npaths = ['x']\ncondition = \"XOR\"\n", 3,
                     "'condition' must be OR or AND"},
        BadAllowlist{"EmptyGlobal", "title = 't'\n\n[[allowlists]]\ndescription = \"nothing\"\n", 3,
                     "needs at least one of paths, regexes, stopwords, commits"},
        BadAllowlist{"EmptyOlderForm", "[allowlist]\ndescription = \"nothing\"\ncondition = \"AND\"\n", 1,
                     "needs at least one of"},
        BadAllowlist{"EmptyPerRule", "[[rules]]\nid = 'a'\nregex = 'x'\n\n[[rules.allowlists]]\ncondition = \"OR\"\n",
                     5, "needs at least one of"},
        BadAllowlist{"OnlyEmptyArrays", "[[allowlists]]\npaths = []\nstopwords = []\n", 1, "needs at least one of"},
        BadAllowlist{"BadPathRegex", "[[allowlists]]\npaths = ['fixtures/(']\n", 2, "invalid regex in 'paths'"},
        BadAllowlist{"BadRegex", "[[rules]]\nid = 'a'\nregex = 'x'\n[[rules.allowlists]]\nregexes = ['ok', '[z-a]']\n",
                     5, "invalid regex in 'regexes'"},
        BadAllowlist{"AllowlistsNotAnArrayOfTables", "allowlists = 3\n", 1, "'allowlists' must be an array"},
        BadAllowlist{"AllowlistNotATable", "allowlist = 'x'\n", 1, "an allowlist must be a table"}),
    [](const ::testing::TestParamInfo<BadAllowlist>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace vigil

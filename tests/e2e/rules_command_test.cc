// `vigil rules check` and `vigil rules list`, on rules files written by the
// tests and on the built-in pack.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;

namespace {

class RulesCommandTest : public VigilTest {
 protected:
  // A rule for GitHub tokens whose examples are fresh fakes.
  std::string GoodRule(const std::string& id) {
    const std::string first = fakes_.GithubPat();
    const std::string second = fakes_.GithubPat();
    return "[[rules]]\n"
           "id = \"" + id + "\"\n"
           "description = \"GitHub token for rules check\"\n"
           "regex = '''\\b(ghp_[A-Za-z0-9]{36})\\b'''\n"
           "keywords = [\"ghp_\"]\n"
           "severity = \"high\"\n"
           "remediation = \"Revoke it at https://github.com/settings/tokens\"\n"
           "examples = [\n"
           "  { text = 'GITHUB_TOKEN=" + first + "', secret = '" + first + "' },\n"
           "  'token: \"" + second + "\"',\n"
           "]\n"
           "negativeExamples = ['GITHUB_TOKEN=ghp_" + fakes_.Base62(12) + "']\n\n";
  }

  // A Stripe rule whose only example is a test-mode key it cannot match.
  std::string RuleWithUnfoundExample(const std::string& id) {
    return "[[rules]]\n"
           "id = \"" + id + "\"\n"
           "regex = '''\\b(sk_live_[A-Za-z0-9]{24})\\b'''\n"
           "examples = ['key = sk_test_" + fakes_.Base62(24) + "']\n\n";
  }

  RunResult Check(const std::string& toml, const std::vector<std::string>& extra = {}) {
    std::string path = temp_.Write("check.toml", toml);
    std::vector<std::string> args{"rules", "check", "--config", path};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunVigil(args);
  }
};

// Rule ids of the built-in pack, from `vigil rules list --format json`.
std::vector<std::string> DefaultRuleIds() {
  RunResult run = RunVigil({"rules", "list", "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  std::vector<std::string> ids;
  nlohmann::json list = ParseJson(run.out);
  for (const nlohmann::json& rule : list) ids.push_back(rule["id"].get<std::string>());
  return ids;
}

TEST_F(RulesCommandTest, CheckPassesARuleWhoseExamplesAreFound) {
  RunResult run = Check(GoodRule("good-github"));
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_EQ(run.out.find("FAIL"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 rules, 3 examples, 0 failures"), std::string::npos) << run.out;
}

TEST_F(RulesCommandTest, CheckFailsARuleWhoseExampleIsNotFoundAndNamesIt) {
  RunResult run = Check(GoodRule("good-github") + RuleWithUnfoundExample("broken-stripe"));
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_NE(run.out.find("FAIL broken-stripe: example not found"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("FAIL good-github"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 failures"), std::string::npos) << run.out;
}

TEST_F(RulesCommandTest, CheckFailsARuleThatMatchesANegativeExample) {
  const std::string token = fakes_.GithubPat();
  RunResult run = Check("[[rules]]\n"
                        "id = \"too-eager\"\n"
                        "regex = '''\\b(ghp_[A-Za-z0-9]{36})\\b'''\n"
                        "examples = ['x = " + fakes_.GithubPat() + "']\n"
                        "negativeExamples = ['y = " + token + "']\n");
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_NE(run.out.find("FAIL too-eager: negative example matched"), std::string::npos) << run.out;
}

TEST_F(RulesCommandTest, CheckFailsAnExampleThatYieldsAnotherSecret) {
  const std::string token = fakes_.GithubPat();
  RunResult run = Check("[[rules]]\n"
                        "id = \"wrong-secret\"\n"
                        "regex = '''\\b(ghp_[A-Za-z0-9]{36})\\b'''\n"
                        "examples = [{ text = 'x = " + token + "', secret = '" + fakes_.GithubPat() + "' }]\n");
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_NE(run.out.find("FAIL wrong-secret: example"), std::string::npos) << run.out;
}

TEST_F(RulesCommandTest, StrictCheckWantsTwoExamplesAndANegativeOne) {
  RunResult strict = Check(GoodRule("good-github") + RuleWithUnfoundExample("thin-rule"), {"--strict"});
  EXPECT_EQ(strict.exit_code, 1) << Describe(strict);
  EXPECT_NE(strict.out.find("FAIL thin-rule: needs at least 2 examples"), std::string::npos) << strict.out;
  EXPECT_NE(strict.out.find("FAIL thin-rule: needs at least 1 negative example"), std::string::npos) << strict.out;
  EXPECT_NE(strict.out.find("FAIL thin-rule: needs a remediation that links"), std::string::npos) << strict.out;
  EXPECT_EQ(strict.out.find("FAIL good-github"), std::string::npos) << strict.out;
}

TEST_F(RulesCommandTest, CheckOfAMalformedConfigIsAUsageError) {
  RunResult run = Check("[[rules]]\nid = \"no-regex\"\n");
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_NE(run.err.find("check.toml:"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("needs a 'regex'"), std::string::npos) << run.err;
}

TEST_F(RulesCommandTest, ListJsonGivesTheConfigRulesInOrderWithTheirFields) {
  RunResult run = RunVigil({"rules", "list", "--config", rules_path(), "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  nlohmann::json list = ParseJson(run.out);
  ASSERT_TRUE(list.is_array());
  std::vector<std::string> ids;
  for (const nlohmann::json& rule : list) {
    ids.push_back(rule["id"].get<std::string>());
    EXPECT_EQ(rule["description"], "Test rule " + ids.back());
    EXPECT_EQ(rule["tags"], nlohmann::json::array({"e2e"}));
    EXPECT_EQ(rule["source"], rules_path());
  }
  EXPECT_EQ(ids, TestRuleIds());
  EXPECT_EQ(list[0]["severity"], "high");
  EXPECT_EQ(list[1]["severity"], "critical");
  EXPECT_EQ(list[1]["keywords"], nlohmann::json::array({"akia"}));
}

TEST_F(RulesCommandTest, ListTextGivesOneLinePerRuleAndACount) {
  RunResult run = RunVigil({"rules", "list", "-c", rules_path()});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  for (const std::string& id : TestRuleIds()) {
    EXPECT_NE(run.out.find(id + " "), std::string::npos) << id << " missing:\n" << run.out;
  }
  EXPECT_NE(run.out.find("\n6 rules\n"), std::string::npos) << run.out;
}

TEST_F(RulesCommandTest, ListRejectsFormatsOtherThanTextAndJson) {
  RunResult run = RunVigil({"rules", "list", "--format", "sarif"});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_NE(run.err.find("text or json"), std::string::npos) << run.err;
}

TEST_F(RulesCommandTest, ExtendUseDefaultAddsConfigRulesToTheDefaultPack) {
  std::vector<std::string> defaults = DefaultRuleIds();
  std::string config = temp_.Write("extend.toml", "[extend]\nuseDefault = true\n\n" + GoodRule("my-extra-rule"));
  RunResult run = RunVigil({"rules", "list", "-c", config, "-f", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  std::vector<std::string> ids;
  for (const nlohmann::json& rule : ParseJson(run.out)) ids.push_back(rule["id"].get<std::string>());
  std::vector<std::string> expected = defaults;
  expected.push_back("my-extra-rule");
  EXPECT_EQ(ids, expected);
}

TEST_F(RulesCommandTest, DefaultPackListHasUniqueWellFormedIds) {
  RunResult run = RunVigil({"rules", "list", "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  nlohmann::json list = ParseJson(run.out);
  ASSERT_TRUE(list.is_array()) << run.out;
  std::set<std::string> ids;
  const std::set<std::string> severities = {"info", "low", "medium", "high", "critical"};
  for (const nlohmann::json& rule : list) {
    const std::string id = rule["id"].get<std::string>();
    EXPECT_TRUE(ids.insert(id).second) << "duplicate id " << id;
    EXPECT_FALSE(id.empty());
    EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos)
        << "id is not lower-case with dashes: " << id;
    EXPECT_TRUE(severities.contains(rule["severity"].get<std::string>())) << rule.dump();
    EXPECT_FALSE(rule["description"].get<std::string>().empty()) << id;
  }
  RunResult text = RunVigil({"rules", "list"});
  EXPECT_NE(text.out.find(std::to_string(list.size()) + " rules\n"), std::string::npos) << text.out;
}

TEST_F(RulesCommandTest, DefaultPackPassesItsOwnCheck) {
  if (DefaultRuleIds().empty()) GTEST_SKIP() << "the built-in pack has no rules yet";
  RunResult run = RunVigil({"rules", "check"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_EQ(run.out.find("FAIL"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" 0 failures"), std::string::npos) << run.out;
}

}  // namespace

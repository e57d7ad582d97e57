#include "report/sarif_reporter.h"

#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "unit/report_fixtures.h"

namespace vigil {
namespace {

using Json = nlohmann::ordered_json;

using report_test::FakeToken;
using report_test::MakeRule;

// One rule per severity, in an order that is not sorted by anything.
RuleSet TestRules() {
  Rule pat = MakeRule("github-pat", "GitHub personal access token (classic)", Severity::kHigh);
  pat.tags = {"github", "token"};
  pat.remediation = "Revoke the token at https://github.com/settings/tokens.";
  return RuleSet({
      pat,
      MakeRule("aws-access-key-id", "AWS access key ID", Severity::kCritical),
      MakeRule("generic-api-key", "Generic API key", Severity::kMedium),
      MakeRule("jwt", "JSON Web Token", Severity::kLow),
      MakeRule("private-ip", "Private IP address", Severity::kInfo),
  });
}

Finding MakeFinding(const RuleSet& rules, size_t rule_index, int i) {
  return report_test::MakeFinding(rules.rules()[rule_index], i, 4.5);
}

GitOrigin TestGitOrigin() { return report_test::TestGitOrigin(/*in_head=*/false, /*occurrences=*/2); }

ReportOptions Versioned(bool show_secrets = false) {
  ReportOptions options;
  options.tool_version = "0.1.0";
  options.show_secrets = show_secrets;
  return options;
}

std::string RenderRaw(const std::vector<Finding>& findings, const RuleSet& rules,
                      const ScanStats& stats = {}, ReportOptions options = Versioned()) {
  std::ostringstream out;
  SarifReporter reporter(out, options);
  for (const Finding& finding : findings) reporter.OnFinding(finding);
  reporter.Finish(findings, rules, stats);
  return out.str();
}

Json Render(const std::vector<Finding>& findings, const RuleSet& rules, const ScanStats& stats = {},
            ReportOptions options = Versioned()) {
  return Json::parse(RenderRaw(findings, rules, stats, options));
}

// Whether `text` is a decimal number from 0 to 10, as GitHub wants.
bool IsScoreString(const Json& value) {
  if (!value.is_string()) return false;
  const std::string text = value.get<std::string>();
  size_t used = 0;
  double score = 0;
  try {
    score = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == text.size() && score >= 0.0 && score <= 10.0;
}

TEST(SarifReporterTest, TopLevelHasSchemaVersionAndOneRun) {
  const Json sarif = Render({}, TestRules());
  EXPECT_EQ(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(sarif["version"], "2.1.0");
  ASSERT_TRUE(sarif["runs"].is_array());
  ASSERT_EQ(sarif["runs"].size(), 1u);
  EXPECT_EQ(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(sarif["runs"][0]["results"], Json::array());
  EXPECT_FALSE(sarif["runs"][0].contains("originalUriBaseIds"));
}

TEST(SarifReporterTest, DriverDescribesTheTool) {
  const Json driver = Render({}, TestRules())["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "vigil");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["semanticVersion"], "0.1.0");
  EXPECT_EQ(driver["informationUri"], "https://github.com/vigil-scanner/vigil");
}

TEST(SarifReporterTest, DeclaresEveryRuleOnceInRuleSetOrder) {
  const RuleSet rules = TestRules();
  const Json declared = Render({}, rules)["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(declared.size(), rules.size());
  for (size_t i = 0; i < rules.size(); ++i) EXPECT_EQ(declared[i]["id"], rules.rules()[i].id);
}

TEST(SarifReporterTest, DuplicateRuleIdsAreDeclaredOnce) {
  RuleSet rules({MakeRule("a-rule", "First", Severity::kLow), MakeRule("b-rule", "B", Severity::kLow),
                 MakeRule("a-rule", "Second", Severity::kHigh)});
  Finding finding = MakeFinding(rules, 2, 0);
  const Json run = Render({finding}, rules)["runs"][0];
  const Json& declared = run["tool"]["driver"]["rules"];
  ASSERT_EQ(declared.size(), 2u);
  EXPECT_EQ(declared[0]["shortDescription"]["text"], "First");
  EXPECT_EQ(run["results"][0]["ruleIndex"], 0);
}

TEST(SarifReporterTest, RuleHasEveryField) {
  const Json rule = Render({}, TestRules())["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "github-pat");
  EXPECT_EQ(rule["name"], "GithubPat");
  EXPECT_EQ(rule["shortDescription"]["text"], "GitHub personal access token (classic)");
  EXPECT_EQ(rule["fullDescription"]["text"], "GitHub personal access token (classic)");
  EXPECT_EQ(rule["help"]["text"],
            "GitHub personal access token (classic)\n\n"
            "Revoke the token at https://github.com/settings/tokens.");
  EXPECT_EQ(rule["help"]["markdown"],
            "**GitHub personal access token (classic)**\n\n"
            "Revoke the token at https://github.com/settings/tokens.");
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rule["properties"]["tags"], Json::array({"github", "token", "security"}));
  EXPECT_EQ(rule["properties"]["security-severity"], "8.0");
  EXPECT_EQ(rule["properties"]["precision"], "high");
}

TEST(SarifReporterTest, HelpWithoutRemediationIsTheDescription) {
  const Json rule = Render({}, TestRules())["runs"][0]["tool"]["driver"]["rules"][1];
  EXPECT_EQ(rule["help"]["text"], "AWS access key ID");
  EXPECT_EQ(rule["help"]["markdown"], "**AWS access key ID**");
  EXPECT_EQ(rule["properties"]["tags"], Json::array({"security"}));
}

TEST(SarifReporterTest, SecuritySeverityIsANumericStringPerSeverity) {
  const Json declared = Render({}, TestRules())["runs"][0]["tool"]["driver"]["rules"];
  const std::vector<std::string> expected_scores = {"8.0", "9.5", "5.5", "3.0", "1.0"};
  const std::vector<std::string> expected_levels = {"error", "error", "warning", "note", "note"};
  ASSERT_EQ(declared.size(), expected_scores.size());
  for (size_t i = 0; i < declared.size(); ++i) {
    const Json& score = declared[i]["properties"]["security-severity"];
    EXPECT_TRUE(IsScoreString(score)) << score.dump();
    EXPECT_EQ(score, expected_scores[i]);
    EXPECT_EQ(declared[i]["defaultConfiguration"]["level"], expected_levels[i]);
  }
}

TEST(SarifReporterTest, ResultHasEveryField) {
  const RuleSet rules = TestRules();
  const Finding finding = MakeFinding(rules, 0, 0);
  const Json result = Render({finding}, rules)["runs"][0]["results"][0];

  EXPECT_EQ(result["ruleId"], "github-pat");
  EXPECT_EQ(result["ruleIndex"], 0);
  EXPECT_EQ(result["level"], "error");
  EXPECT_EQ(result["message"]["text"], "GitHub personal access token (classic): ghp_*****");
  ASSERT_EQ(result["locations"].size(), 1u);
  const Json& physical = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(physical["artifactLocation"]["uri"], "src/a.py");
  EXPECT_EQ(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(physical["region"]["startLine"], 3);
  EXPECT_EQ(physical["region"]["startColumn"], 10);
  EXPECT_EQ(physical["region"]["endLine"], 3);
  EXPECT_EQ(physical["region"]["endColumn"], 50);  // exclusive: inclusive 49 + 1
  EXPECT_EQ(result["partialFingerprints"], (Json{{"vigilFingerprint/v1", "fp-0"}}));
  EXPECT_FALSE(result.contains("properties"));
}

TEST(SarifReporterTest, RuleIndexPointsAtTheFindingsRule) {
  const RuleSet rules = TestRules();
  std::vector<Finding> findings;
  for (size_t i = 0; i < rules.size(); ++i) findings.push_back(MakeFinding(rules, i, static_cast<int>(i)));
  const Json run = Render(findings, rules)["runs"][0];
  const Json& declared = run["tool"]["driver"]["rules"];
  const std::vector<std::string> expected_levels = {"error", "error", "warning", "note", "note"};
  ASSERT_EQ(run["results"].size(), rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    const Json& result = run["results"][i];
    const size_t index = result["ruleIndex"].get<size_t>();
    ASSERT_LT(index, declared.size());
    EXPECT_EQ(declared[index]["id"], result["ruleId"]);
    EXPECT_EQ(result["level"], expected_levels[i]);
  }
}

TEST(SarifReporterTest, MultiLineSpansUseOneBasedLinesAndExclusiveEndColumn) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0, 0);
  finding.secret_span = {0, 100, 1, 1, 4, 7};
  const Json region =
      Render({finding}, rules)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region, (Json{{"startLine", 1}, {"startColumn", 1}, {"endLine", 4}, {"endColumn", 8}}));
}

TEST(SarifReporterTest, PathsAreEncodedAsUriReferences) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0, 0);
  finding.provenance.path = "my dir/caf\xC3\xA9 #1?.txt";
  const Json sarif = Render({finding}, rules);
  EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "my%20dir/caf%C3%A9%20%231%3F.txt");
}

TEST(PercentEncodePathTest, EncodesWhatAUriPathCannotHold) {
  EXPECT_EQ(PercentEncodePath("src/a.py"), "src/a.py");
  EXPECT_EQ(PercentEncodePath("100%.txt"), "100%25.txt");
  EXPECT_EQ(PercentEncodePath("a b"), "a%20b");
  EXPECT_EQ(PercentEncodePath("c:d/e"), "c%3Ad/e");  // would read as a scheme
  EXPECT_EQ(PercentEncodePath("x\\y\"<>|^`{}[]"), "x%5Cy%22%3C%3E%7C%5E%60%7B%7D%5B%5D");
  EXPECT_EQ(PercentEncodePath("tab\there\n"), "tab%09here%0A");
  EXPECT_EQ(PercentEncodePath("\xFF\x80"), "%FF%80");
  EXPECT_EQ(PercentEncodePath("a-b_c.d~e!$&'()*+,;=@"), "a-b_c.d~e!$&'()*+,;=@");
}

TEST(CamelCaseNameTest, JoinsWordsOfTheId) {
  EXPECT_EQ(CamelCaseName("github-pat"), "GithubPat");
  EXPECT_EQ(CamelCaseName("aws-access-key-id"), "AwsAccessKeyId");
  EXPECT_EQ(CamelCaseName("slack_bot.token"), "SlackBotToken");
  EXPECT_EQ(CamelCaseName("jwt"), "Jwt");
  EXPECT_EQ(CamelCaseName("1password-token"), "1passwordToken");
  EXPECT_EQ(CamelCaseName("already-CamelCase"), "AlreadyCamelCase");
}

TEST(SarifReporterTest, SecretNeverAppearsUnlessAsked) {
  const RuleSet rules = TestRules();
  std::vector<Finding> findings = {MakeFinding(rules, 0, 0), MakeFinding(rules, 1, 1)};
  findings[1].provenance.git = TestGitOrigin();
  const std::string output = RenderRaw(findings, rules);
  for (const Finding& finding : findings) {
    EXPECT_EQ(output.find(finding.secret), std::string::npos);
    EXPECT_EQ(output.find(finding.secret.substr(0, 8)), std::string::npos);
  }

  const Json shown = Render(findings, rules, {}, Versioned(true));
  EXPECT_EQ(shown["runs"][0]["results"][0]["message"]["text"],
            "GitHub personal access token (classic): " + findings[0].secret);
}

TEST(SarifReporterTest, GitFindingsCarryCommitProperties) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0, 0);
  finding.provenance.kind = Provenance::Kind::kGit;
  finding.provenance.git = TestGitOrigin();
  const Json properties = Render({finding}, rules)["runs"][0]["results"][0]["properties"];
  EXPECT_EQ(properties["commit"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(properties["author_name"], "Jane Doe");
  EXPECT_EQ(properties["author_email"], "jane@example.com");
  EXPECT_EQ(properties["date"], "2024-01-02T03:04:05Z");
  EXPECT_EQ(properties["summary"], "Add config");
  EXPECT_EQ(properties["in_head"], false);
}

TEST(SarifReporterTest, InvocationReportsSuccessAndWarnings) {
  ScanStats stats;
  stats.warnings = {{"locked.txt", "permission denied"}, {"big.bin", "read error"}};
  const Json invocations = Render({}, TestRules(), stats)["runs"][0]["invocations"];
  ASSERT_EQ(invocations.size(), 1u);
  EXPECT_EQ(invocations[0]["executionSuccessful"], true);
  const Json& notifications = invocations[0]["toolExecutionNotifications"];
  ASSERT_EQ(notifications.size(), 2u);
  EXPECT_EQ(notifications[0]["level"], "warning");
  EXPECT_EQ(notifications[0]["message"]["text"], "locked.txt: permission denied");
  EXPECT_EQ(notifications[1]["message"]["text"], "big.bin: read error");
}

TEST(SarifReporterTest, NoNotificationsWithoutWarnings) {
  const Json invocation = Render({}, TestRules())["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], true);
  EXPECT_FALSE(invocation.contains("toolExecutionNotifications"));
}

TEST(SarifReporterTest, InvalidUtf8DoesNotThrow) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0, 0);
  finding.secret = "\xFF\xFE-not-utf8-secret";
  std::string output;
  ASSERT_NO_THROW(output = RenderRaw({finding}, rules, {}, Versioned(true)));
  EXPECT_TRUE(Json::accept(output));
}

TEST(SarifReporterTest, EveryResultHasADistinctFingerprint) {
  const RuleSet rules = TestRules();
  std::vector<Finding> findings;
  for (int i = 0; i < 10; ++i) findings.push_back(MakeFinding(rules, 0, i));
  const Json results = Render(findings, rules)["runs"][0]["results"];
  std::set<std::string> fingerprints;
  for (const Json& result : results) {
    fingerprints.insert(result["partialFingerprints"]["vigilFingerprint/v1"].get<std::string>());
  }
  EXPECT_EQ(fingerprints.size(), findings.size());
}

}  // namespace
}  // namespace vigil

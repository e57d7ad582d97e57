#include "report/json_reporter.h"

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

RuleSet TestRules() {
  Rule pat = report_test::MakeRule("github-pat", "GitHub personal access token (classic)", Severity::kHigh);
  pat.tags = {"github", "token"};
  return RuleSet({pat, report_test::MakeRule("aws-access-key-id", "AWS access key ID", Severity::kCritical)});
}

Finding MakeFinding(const RuleSet& rules, int i) { return report_test::MakeFinding(rules.rules()[0], i, 4.8149); }

GitOrigin TestGitOrigin() { return report_test::TestGitOrigin(/*in_head=*/true, /*occurrences=*/3); }

ScanStats TestStats() {
  ScanStats stats;
  stats.files_scanned = 7;
  stats.bytes_scanned = 12345;
  stats.skipped = {{"binary", 1}, {"too large", 2}};
  stats.suppressed = {{"allowlist", 2}, {"inline ignore", 1}};
  stats.findings = 1;
  stats.seconds = 0.25;
  stats.warnings = {{"locked.txt", "permission denied"}};
  return stats;
}

ReportOptions WithSecretsShown() {
  ReportOptions options;
  options.show_secrets = true;
  return options;
}

ReportOptions Versioned(std::string version) {
  ReportOptions options;
  options.tool_version = std::move(version);
  return options;
}

std::string RenderJson(const std::vector<Finding>& findings, const RuleSet& rules,
                       const ScanStats& stats, ReportOptions options = {}) {
  std::ostringstream out;
  JsonReporter reporter(out, options);
  for (const Finding& finding : findings) reporter.OnFinding(finding);
  reporter.Finish(findings, rules, stats);
  return out.str();
}

std::vector<std::string> KeysOf(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

TEST(JsonReporterTest, DocumentHasToolFindingsAndStats) {
  const RuleSet rules = TestRules();
  const Json doc = Json::parse(
      RenderJson({MakeFinding(rules, 0)}, rules, TestStats(), Versioned("1.2.3")));

  EXPECT_EQ(KeysOf(doc), (std::vector<std::string>{"tool", "findings", "stats"}));
  EXPECT_EQ(doc["tool"]["name"], "vigil");
  EXPECT_EQ(doc["tool"]["version"], "1.2.3");
  ASSERT_TRUE(doc["findings"].is_array());
  EXPECT_EQ(doc["findings"].size(), 1u);
}

TEST(JsonReporterTest, FindingHasEveryFieldInOrder) {
  const RuleSet rules = TestRules();
  const Finding finding = MakeFinding(rules, 0);
  const Json doc = Json::parse(RenderJson({finding}, rules, TestStats()));
  const Json& json = doc["findings"][0];

  EXPECT_EQ(KeysOf(json),
            (std::vector<std::string>{"rule_id", "description", "severity", "tags", "path",
                                      "start_line", "start_column", "end_line", "end_column",
                                      "secret", "match", "redacted", "entropy", "fingerprint"}));
  EXPECT_EQ(json["rule_id"], "github-pat");
  EXPECT_EQ(json["description"], "GitHub personal access token (classic)");
  EXPECT_EQ(json["severity"], "high");
  EXPECT_EQ(json["tags"], Json::array({"github", "token"}));
  EXPECT_EQ(json["path"], "src/a.py");
  EXPECT_EQ(json["start_line"], 3);
  EXPECT_EQ(json["start_column"], 10);
  EXPECT_EQ(json["end_line"], 3);
  EXPECT_EQ(json["end_column"], 49);
  EXPECT_EQ(json["secret"], "ghp_*****");
  EXPECT_EQ(json["match"], "token = 'ghp_*****'");
  EXPECT_EQ(json["redacted"], true);
  EXPECT_DOUBLE_EQ(json["entropy"].get<double>(), 4.81);
  EXPECT_EQ(json["fingerprint"], "fp-0");
  EXPECT_FALSE(json.contains("git"));
}

TEST(JsonReporterTest, SecretNeverAppearsUnlessAsked) {
  const RuleSet rules = TestRules();
  const Finding finding = MakeFinding(rules, 4);
  EXPECT_EQ(RenderJson({finding}, rules, TestStats()).find(finding.secret), std::string::npos);

  const Json doc = Json::parse(RenderJson({finding}, rules, TestStats(), WithSecretsShown()));
  const Json& json = doc["findings"][0];
  EXPECT_EQ(json["secret"], finding.secret);
  EXPECT_EQ(json["match"], finding.match);
  EXPECT_EQ(json["redacted"], false);
}

TEST(JsonReporterTest, EntropyIsRoundedToTwoDecimals) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0);
  finding.entropy = 3.14159;
  const std::string output = RenderJson({finding}, rules, TestStats());
  EXPECT_NE(output.find("\"entropy\": 3.14,"), std::string::npos) << output;
}

TEST(JsonReporterTest, GitFindingsCarryTheirOrigin) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0);
  finding.provenance.kind = Provenance::Kind::kGit;
  finding.provenance.git = TestGitOrigin();
  const Json doc = Json::parse(RenderJson({finding}, rules, TestStats()));
  const Json& json = doc["findings"][0];

  ASSERT_TRUE(json.contains("git"));
  EXPECT_EQ(KeysOf(json).back(), "git");
  const Json& git = json["git"];
  EXPECT_EQ(KeysOf(git), (std::vector<std::string>{"commit", "author_name", "author_email", "date",
                                                   "summary", "blob_id", "in_head",
                                                   "occurrences"}));
  EXPECT_EQ(git["commit"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(git["author_name"], "Jane Doe");
  EXPECT_EQ(git["author_email"], "jane@example.com");
  EXPECT_EQ(git["date"], "2024-01-02T03:04:05Z");
  EXPECT_EQ(git["summary"], "Add config");
  EXPECT_EQ(git["blob_id"], "89abcdef0123456789abcdef0123456789abcdef");
  EXPECT_EQ(git["in_head"], true);
  EXPECT_EQ(git["occurrences"], 3);
}

TEST(JsonReporterTest, StatsHaveEveryField) {
  const Json doc = Json::parse(RenderJson({}, TestRules(), TestStats()));
  const Json& stats = doc["stats"];

  EXPECT_EQ(KeysOf(stats), (std::vector<std::string>{"files_scanned", "bytes_scanned", "skipped",
                                                     "skipped_total", "suppressed", "findings",
                                                     "seconds", "warnings"}));
  EXPECT_EQ(stats["suppressed"], (Json{{"allowlist", 2}, {"inline ignore", 1}}));
  EXPECT_EQ(stats["files_scanned"], 7);
  EXPECT_EQ(stats["bytes_scanned"], 12345);
  EXPECT_EQ(stats["skipped"], (Json{{"binary", 1}, {"too large", 2}}));
  EXPECT_EQ(stats["skipped_total"], 3);
  EXPECT_EQ(stats["findings"], 1);
  EXPECT_DOUBLE_EQ(stats["seconds"].get<double>(), 0.25);
  ASSERT_EQ(stats["warnings"].size(), 1u);
  EXPECT_EQ(stats["warnings"][0], (Json{{"path", "locked.txt"}, {"message", "permission denied"}}));
}

TEST(JsonReporterTest, EmptyScanStillHasAllSections) {
  const Json doc = Json::parse(RenderJson({}, RuleSet(), ScanStats()));
  EXPECT_EQ(doc["findings"], Json::array());
  EXPECT_EQ(doc["stats"]["skipped"], Json::object());
  EXPECT_EQ(doc["stats"]["warnings"], Json::array());
  EXPECT_EQ(doc["stats"]["skipped_total"], 0);
}

TEST(JsonReporterTest, InvalidUtf8IsReplacedNotThrown) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0);
  finding.secret = "\xFF\xFEsecret-bytes-\xC3";
  finding.match = "key=" + finding.secret;
  finding.provenance.path = "dir/\x80name.txt";
  std::string output;
  ASSERT_NO_THROW(output = RenderJson({finding}, rules, TestStats(), WithSecretsShown()));

  const Json doc = Json::parse(output);
  EXPECT_EQ(doc["findings"][0]["path"], "dir/\xEF\xBF\xBDname.txt");  // U+FFFD
  EXPECT_EQ(doc["findings"][0]["secret"].get<std::string>().find("secret-bytes-"), 2u * 3u);
}

TEST(JsonReporterTest, FindingsKeepTheGivenOrder) {
  const RuleSet rules = TestRules();
  std::vector<Finding> findings = {MakeFinding(rules, 0), MakeFinding(rules, 1)};
  findings[1].rule = &rules.rules()[1];
  findings[1].provenance.path = "z.txt";
  const Json doc = Json::parse(RenderJson(findings, rules, TestStats()));
  ASSERT_EQ(doc["findings"].size(), 2u);
  EXPECT_EQ(doc["findings"][0]["path"], "src/a.py");
  EXPECT_EQ(doc["findings"][1]["path"], "z.txt");
  EXPECT_EQ(doc["findings"][1]["rule_id"], "aws-access-key-id");
  EXPECT_EQ(doc["findings"][1]["severity"], "critical");
  EXPECT_EQ(doc["findings"][1]["tags"], Json::array());
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(JsonLinesReporterTest, WritesOneObjectPerLineAsFindingsArrive) {
  const RuleSet rules = TestRules();
  std::ostringstream out;
  JsonLinesReporter reporter(out, {});

  std::vector<Finding> findings;
  for (int i = 0; i < 3; ++i) {
    findings.push_back(MakeFinding(rules, i));
    reporter.OnFinding(findings.back());
    EXPECT_EQ(Lines(out.str()).size(), static_cast<size_t>(i + 1));  // written at once
  }
  const std::string before_finish = out.str();
  reporter.Finish(findings, rules, TestStats());
  EXPECT_EQ(out.str(), before_finish);  // Finish adds nothing

  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(out.str().back(), '\n');
  for (int i = 0; i < 3; ++i) {
    const Json json = Json::parse(lines[i]);
    ASSERT_TRUE(json.is_object());
    EXPECT_EQ(json["rule_id"], "github-pat");
    EXPECT_EQ(json["fingerprint"], "fp-" + std::to_string(i));
    EXPECT_EQ(json["secret"], "ghp_*****");
    EXPECT_EQ(json["start_line"], 3);
    EXPECT_EQ(out.str().find(findings[i].secret), std::string::npos);
  }
}

TEST(JsonLinesReporterTest, MultiLineSecretsStayOnOneLine) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0);
  finding.secret = "line-one-secret\nline-two-secret\nline-three";
  finding.match = "-----BEGIN-----\n" + finding.secret + "\n-----END-----";
  std::ostringstream out;
  JsonLinesReporter reporter(out, WithSecretsShown());
  reporter.OnFinding(finding);

  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Json::parse(lines[0])["secret"], finding.secret);
}

TEST(JsonLinesReporterTest, GitFindingsCarryTheirOrigin) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0);
  finding.provenance.git = TestGitOrigin();
  std::ostringstream out;
  JsonLinesReporter reporter(out, {});
  reporter.OnFinding(finding);
  const Json json = Json::parse(out.str());
  EXPECT_EQ(json["git"]["commit"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(json["git"]["occurrences"], 3);
}

}  // namespace
}  // namespace vigil

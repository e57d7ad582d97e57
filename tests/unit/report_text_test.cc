#include "report/text_reporter.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "report/reporter.h"
#include "unit/report_fixtures.h"

namespace vigil {
namespace {

using report_test::FakeToken;

RuleSet TestRules() {
  Rule pat;
  pat.id = "github-pat";
  pat.description = "GitHub personal access token (classic)";
  pat.severity = Severity::kHigh;
  return RuleSet({pat});
}

Finding MakeFinding(const RuleSet& rules, int i) {
  Finding finding;
  finding.rule = &rules.rules()[0];
  finding.provenance.path = "src/config.py";
  finding.secret = FakeToken(i);
  finding.match = "token = \"" + finding.secret + "\"";
  finding.secret_span = {100, 140, 12, 9, 12, 48};
  finding.match_span = {91, 141, 12, 1, 12, 49};
  finding.entropy = 4.2;
  finding.fingerprint = "fp" + std::to_string(i);
  return finding;
}

GitOrigin TestGitOrigin() { return report_test::TestGitOrigin(/*in_head=*/false, /*occurrences=*/1); }

ScanStats TestStats() {
  ScanStats stats;
  stats.files_scanned = 12;
  stats.bytes_scanned = 46182;  // 45.1 KiB
  stats.skipped = {{"binary", 1}, {"too large", 1}};
  stats.seconds = 0.02;
  return stats;
}

ReportOptions Options(bool show_secrets, bool color) {
  ReportOptions options;
  options.show_secrets = show_secrets;
  options.color = color;
  return options;
}

std::string Render(const std::vector<Finding>& findings, const RuleSet& rules,
                   const ScanStats& stats, ReportOptions options = {}) {
  std::ostringstream out;
  TextReporter reporter(out, options);
  for (const Finding& finding : findings) reporter.OnFinding(finding);
  reporter.Finish(findings, rules, stats);
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(TextReporterTest, WritesOneBlockPerFindingWithRedactedSecret) {
  const RuleSet rules = TestRules();
  const Finding finding = MakeFinding(rules, 0);
  const std::string output = Render({finding}, rules, TestStats());

  const std::vector<std::string> lines = Lines(output);
  ASSERT_EQ(lines.size(), 6u) << output;
  EXPECT_EQ(lines[0], "src/config.py:12:9: high github-pat GitHub personal access token (classic)");
  EXPECT_EQ(lines[1], "  secret: ghp_*****");
  EXPECT_EQ(lines[2], "  match: token = \"ghp_*****\"");
  EXPECT_EQ(lines[3], "  fingerprint: fp0");
  EXPECT_EQ(lines[4], "");
  EXPECT_EQ(output.find(finding.secret), std::string::npos);
  EXPECT_EQ(output.find(finding.secret.substr(0, 10)), std::string::npos);
}

TEST(TextReporterTest, ShowSecretsPrintsThemInFull) {
  const RuleSet rules = TestRules();
  const Finding finding = MakeFinding(rules, 1);
  const std::string output = Render({finding}, rules, TestStats(), Options(/*show_secrets=*/true, /*color=*/false));

  const std::vector<std::string> lines = Lines(output);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1], "  secret: " + finding.secret);
  EXPECT_EQ(lines[2], "  match: token = \"" + finding.secret + "\"");
}

TEST(TextReporterTest, GitFindingsShowTheCommit) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 2);
  finding.provenance.kind = Provenance::Kind::kGit;
  finding.provenance.git = TestGitOrigin();
  const std::vector<std::string> lines = Lines(Render({finding}, rules, TestStats()));

  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[4], "  commit: 0123456 Jane Doe 2024-01-02T03:04:05Z  Add config");
}

TEST(TextReporterTest, FileFindingsHaveNoCommitLine) {
  const RuleSet rules = TestRules();
  const std::string output = Render({MakeFinding(rules, 3)}, rules, TestStats());
  EXPECT_EQ(output.find("commit:"), std::string::npos);
}

TEST(TextReporterTest, SummaryCountsFilesBytesSkipsFindingsAndTime) {
  const RuleSet rules = TestRules();
  const std::vector<Finding> findings = {MakeFinding(rules, 0), MakeFinding(rules, 1),
                                         MakeFinding(rules, 2)};
  ScanStats stats = TestStats();
  stats.findings = 3;
  const std::vector<std::string> lines = Lines(Render(findings, rules, stats));

  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(),
            "vigil: 3 findings in 12 files (45.1 KiB) in 0.02s; skipped 2 (binary: 1, too large: 1)");
}

TEST(TextReporterTest, SummaryCountsWhatEachMechanismSuppressed) {
  const RuleSet rules = TestRules();
  ScanStats stats = TestStats();
  stats.suppressed = {{"baseline", 4}, {"inline ignore", 1}};
  const std::vector<std::string> lines = Lines(Render({}, rules, stats));
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("; suppressed 5 (baseline: 4, inline ignore: 1)"), std::string::npos) << lines.back();
}

TEST(TextReporterTest, SummaryWithNoFindingsAndNothingSkipped) {
  ScanStats stats;
  stats.files_scanned = 1;
  stats.bytes_scanned = 512;
  const std::string output = Render({}, TestRules(), stats);
  EXPECT_EQ(output, "vigil: no findings in 1 file (512 B) in 0.00s\n");
}

TEST(TextReporterTest, SummaryUsesSingularForOneFinding) {
  const RuleSet rules = TestRules();
  const std::vector<std::string> lines = Lines(Render({MakeFinding(rules, 0)}, rules, TestStats()));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().rfind("vigil: 1 finding in 12 files", 0), 0u) << lines.back();
}

TEST(TextReporterTest, SkippedReasonsWithZeroCountAreLeftOut) {
  ScanStats stats = TestStats();
  stats.skipped = {{"binary", 0}, {"ignored", 4}};
  const std::vector<std::string> lines = Lines(Render({}, TestRules(), stats));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("; skipped 4 (ignored: 4)"), std::string::npos) << lines[0];
}

TEST(TextReporterTest, NoAnsiCodesWithoutColor) {
  const RuleSet rules = TestRules();
  const std::string output = Render({MakeFinding(rules, 0)}, rules, TestStats(), Options(/*show_secrets=*/false, /*color=*/false));
  EXPECT_EQ(output.find('\x1b'), std::string::npos);
}

TEST(TextReporterTest, ColorAddsAnsiCodesButKeepsTheText) {
  const RuleSet rules = TestRules();
  const std::string output = Render({MakeFinding(rules, 0)}, rules, TestStats(), Options(/*show_secrets=*/false, /*color=*/true));
  EXPECT_NE(output.find("\x1b[31mhigh\x1b[0m"), std::string::npos) << output;
  EXPECT_NE(output.find("github-pat GitHub personal access token (classic)"), std::string::npos);
}

TEST(TextReporterTest, ControlCharactersAreEscapedEvenWithoutColor) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0);
  finding.provenance.path = "evil\x1b[2Jname\n.py";
  finding.match = "x\t= \"" + finding.secret + "\"\r";
  const std::string output = Render({finding}, rules, TestStats());

  EXPECT_EQ(output.find('\x1b'), std::string::npos);
  EXPECT_EQ(output.find('\r'), std::string::npos);
  EXPECT_NE(output.find("evil\\x1B[2Jname\\n.py:12:9:"), std::string::npos) << output;
  EXPECT_NE(output.find("  match: x\\t= \"ghp_*****\"\\r\n"), std::string::npos) << output;
}

TEST(TextReporterTest, LongMatchesAreShortened) {
  const RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, 0);
  finding.match = std::string(1000, 'm') + finding.secret;
  const std::vector<std::string> lines = Lines(Render({finding}, rules, TestStats()));
  ASSERT_GE(lines.size(), 3u);
  EXPECT_LT(lines[2].size(), 300u);
  EXPECT_EQ(lines[2].substr(lines[2].size() - 3), "...");
}

TEST(TextReporterTest, WarningsAreNotPrinted) {
  ScanStats stats = TestStats();
  stats.warnings.push_back({"broken.txt", "permission denied"});
  const std::string output = Render({}, TestRules(), stats);
  EXPECT_EQ(output.find("permission denied"), std::string::npos);
  EXPECT_EQ(output.find("broken.txt"), std::string::npos);
}

TEST(TextReporterTest, OnFindingWritesNothingBeforeFinish) {
  const RuleSet rules = TestRules();
  std::ostringstream out;
  TextReporter reporter(out, {});
  reporter.OnFinding(MakeFinding(rules, 0));
  EXPECT_EQ(out.str(), "");
}

TEST(HumanBytesTest, UsesBinaryUnits) {
  EXPECT_EQ(HumanBytes(0), "0 B");
  EXPECT_EQ(HumanBytes(1023), "1023 B");
  EXPECT_EQ(HumanBytes(1024), "1.0 KiB");
  EXPECT_EQ(HumanBytes(46182), "45.1 KiB");
  EXPECT_EQ(HumanBytes(1536 * 1024), "1.5 MiB");
  EXPECT_EQ(HumanBytes(1024 * 1024 - 1), "1.0 MiB");  // not "1024.0 KiB"
  EXPECT_EQ(HumanBytes(uint64_t{5} << 40), "5.0 TiB");
}

TEST(ReporterFactoryTest, ParsesEveryFormatName) {
  EXPECT_EQ(ParseReportFormat("text"), ReportFormat::kText);
  EXPECT_EQ(ParseReportFormat("json"), ReportFormat::kJson);
  EXPECT_EQ(ParseReportFormat("jsonl"), ReportFormat::kJsonl);
  EXPECT_EQ(ParseReportFormat("sarif"), ReportFormat::kSarif);
  EXPECT_EQ(ParseReportFormat("xml"), std::nullopt);
  EXPECT_EQ(ParseReportFormat(""), std::nullopt);
  EXPECT_EQ(ParseReportFormat("JSON"), std::nullopt);
}

TEST(ReporterFactoryTest, MakesAReporterForEveryFormat) {
  const RuleSet rules = TestRules();
  for (ReportFormat format :
       {ReportFormat::kText, ReportFormat::kJson, ReportFormat::kJsonl, ReportFormat::kSarif}) {
    std::ostringstream out;
    std::unique_ptr<Reporter> reporter = MakeReporter(format, out, {});
    ASSERT_NE(reporter, nullptr);
    const Finding finding = MakeFinding(rules, 0);
    reporter->OnFinding(finding);
    reporter->Finish({finding}, rules, TestStats());
    EXPECT_NE(out.str().find("github-pat"), std::string::npos) << static_cast<int>(format);
    EXPECT_EQ(out.str().find(finding.secret), std::string::npos) << static_cast<int>(format);
  }
}

}  // namespace
}  // namespace vigil

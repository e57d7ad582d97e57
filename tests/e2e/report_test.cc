// Report formats as a user sees them: redaction, --show-secrets, --output,
// JSON lines, SARIF, colour, and inline allow markers.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;

namespace {

class ReportTest : public VigilTest {
 protected:
  // One file per credential kind; returns the planted files.
  std::vector<PlantedFile> PlantOneOfEach() {
    std::vector<PlantedFile> files;
    auto add = [&](PlantedFile file) {
      Plant(file);
      files.push_back(std::move(file));
    };
    add(std::move(PlantedFile("github.py").Secret("TOKEN = '", fakes_.GithubPat(), "'", kGithubRule)));
    add(std::move(PlantedFile("aws.env").Secret("AWS_ACCESS_KEY_ID=", fakes_.AwsAccessKeyId(), "", kAwsRule)));
    add(std::move(PlantedFile("stripe.rb").Secret("Stripe.api_key = \"", fakes_.StripeLiveKey(), "\"", kStripeRule)));
    add(std::move(PlantedFile("slack.yaml").Secret("bot_token: ", fakes_.SlackBotToken(), "", kSlackRule)));
    add(std::move(PlantedFile("keys/deploy_rsa").Secret("", fakes_.RsaPrivateKeyPem(), "", kPrivateKeyRule)));
    const std::string password = fakes_.PostgresPassword();
    const std::string uri = fakes_.PostgresUri(password);
    const size_t at = uri.find(":" + password + "@") + 1;
    add(std::move(PlantedFile("db.ini").Secret("url = " + uri.substr(0, at), password,
                                               uri.substr(at + password.size()), kPostgresRule)));
    return files;
  }
};

std::vector<std::string> SecretsOf(const std::vector<PlantedFile>& files) {
  std::vector<std::string> secrets;
  for (const PlantedFile& file : files) secrets.insert(secrets.end(), file.secrets().begin(), file.secrets().end());
  return secrets;
}

// The lines of a PEM block that carry key material (not BEGIN/END).
std::vector<std::string> KeyBodyLines(const std::string& pem) {
  std::vector<std::string> lines;
  std::istringstream in(pem);
  for (std::string line; std::getline(in, line);) {
    if (line.find("-----") == std::string::npos) lines.push_back(line);
  }
  return lines;
}

// How the text report prints a secret: control characters escaped.
std::string AsPrintedInText(const std::string& secret) {
  std::string printed;
  for (char c : secret) printed += c == '\n' ? std::string("\\n") : std::string(1, c);
  return printed;
}

class RedactionTest : public ReportTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(RedactionTest, FullSecretsNeverAppearWithoutShowSecrets) {
  std::vector<PlantedFile> files = PlantOneOfEach();
  RunResult run = Scan({"--format", GetParam()});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  for (const std::string& secret : SecretsOf(files)) {
    EXPECT_EQ(run.out.find(secret), std::string::npos) << "leaked in stdout: " << secret;
    EXPECT_EQ(run.err.find(secret), std::string::npos) << "leaked in stderr: " << secret;
    EXPECT_EQ(run.out.find(AsPrintedInText(secret)), std::string::npos) << "leaked escaped: " << secret;
    for (const std::string& body : KeyBodyLines(secret)) {
      EXPECT_EQ(run.out.find(body), std::string::npos) << "private key line leaked: " << body;
    }
  }
  // Redacted but recognisable: the token kinds keep a short prefix.
  EXPECT_NE(run.out.find("ghp_*****"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("AKIA*****"), std::string::npos) << run.out;
}

TEST_P(RedactionTest, ShowSecretsPrintsEverySecretInFull) {
  std::vector<PlantedFile> files = PlantOneOfEach();
  RunResult run = Scan({"--format", GetParam(), "--show-secrets"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  for (const std::string& secret : SecretsOf(files)) {
    // Text escapes newlines; the JSON formats escape them too, so decode those.
    bool shown = run.out.find(AsPrintedInText(secret)) != std::string::npos;
    if (GetParam() != "text") {
      shown = shown || run.out.find(nlohmann::json(secret).dump()) != std::string::npos;
    }
    EXPECT_TRUE(shown) << "not shown in full: " << secret << "\n" << run.out;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryFormat, RedactionTest, ::testing::Values("text", "json", "jsonl", "sarif"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST_F(ReportTest, JsonMarksRedactedFindingsAndRedactsTheMatchToo) {
  PlantOneOfEach();
  nlohmann::json report = ScanJson();
  ASSERT_EQ(report["findings"].size(), 6u);
  for (const nlohmann::json& finding : report["findings"]) {
    EXPECT_EQ(finding["redacted"], true);
    std::string secret = finding["secret"];
    EXPECT_EQ(secret.substr(secret.size() - 5), "*****") << secret;
    std::string match = finding["match"];
    EXPECT_NE(match.find(secret), std::string::npos) << "match should hold the redacted secret: " << match;
  }
}

TEST_F(ReportTest, OutputFlagWritesTheReportToTheFileAndNothingToStdout) {
  std::vector<PlantedFile> files = PlantOneOfEach();
  const std::string report_path = temp_.Sub("out/report.json");
  std::filesystem::create_directories(temp_.Sub("out"));
  RunResult run = Scan({"--format", "json", "--output", report_path});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(run.out, "");
  nlohmann::json report = ParseJson(ReadFile(report_path));
  EXPECT_EQ(LocationsOf(report), ExpectedOf(files));
}

TEST_F(ReportTest, OutputFileInTextFormatHasNoColourByDefault) {
  PlantOneOfEach();
  const std::string report_path = temp_.Sub("report.txt");
  RunResult run = Scan({"--output", report_path, "--color", "auto"});
  EXPECT_EQ(run.out, "");
  std::string text = ReadFile(report_path);
  EXPECT_NE(text.find("github.py:1:10: "), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "ANSI escape in a report file";
}

TEST_F(ReportTest, ColorAlwaysStylesTheTextReportAndNeverDoesNot) {
  PlantOneOfEach();
  RunResult always = Scan({"--color", "always"});
  RunResult never = Scan({"--color", "never"});
  EXPECT_NE(always.out.find("\x1b["), std::string::npos) << always.out;
  EXPECT_EQ(never.out.find('\x1b'), std::string::npos) << never.out;
}

TEST_F(ReportTest, OutputToAnUnwritablePathIsAnError) {
  PlantOneOfEach();
  RunResult run = Scan({"--output", temp_.Sub("no/such/dir/report.txt")});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_NE(run.err.find("no/such/dir/report.txt"), std::string::npos) << run.err;
}

TEST_F(ReportTest, JsonLinesHasOneFindingObjectPerLine) {
  std::vector<PlantedFile> files = PlantOneOfEach();
  RunResult run = Scan({"--format", "jsonl"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  ASSERT_FALSE(run.out.empty());
  EXPECT_EQ(run.out.back(), '\n');
  std::vector<Location> seen;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json finding = ParseJson(line);
    ASSERT_TRUE(finding.is_object()) << line;
    EXPECT_TRUE(finding.contains("fingerprint")) << line;
    EXPECT_EQ(finding["redacted"], true);
    seen.push_back(LocationOf(finding));
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, ExpectedOf(files));
}

TEST_F(ReportTest, JsonLinesIsEmptyForACleanScan) {
  WriteTree("clean.txt", "nothing to see\n");
  RunResult run = Scan({"--format", "jsonl"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_EQ(run.out, "");
}

TEST_F(ReportTest, SarifIsVersion210WithOneResultPerFindingPointingAtItsRule) {
  std::vector<PlantedFile> files = PlantOneOfEach();
  PlantedFile spaced("my dir/app config.py");
  spaced.Line("# réglages").Secret("TOKEN = '", fakes_.GithubPat(), "'", kGithubRule);
  Plant(spaced);
  RunResult run = Scan({"--format", "sarif"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json sarif = ParseJson(run.out);
  ASSERT_TRUE(sarif.is_object());
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_NE(sarif["$schema"].get<std::string>().find("sarif"), std::string::npos);
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const nlohmann::json& sarif_run = sarif["runs"][0];
  EXPECT_EQ(sarif_run["tool"]["driver"]["name"], "vigil");

  std::vector<std::string> declared;
  for (const nlohmann::json& rule : sarif_run["tool"]["driver"]["rules"]) declared.push_back(rule["id"].get<std::string>());
  EXPECT_EQ(declared, TestRuleIds());

  std::vector<Location> results;
  for (const nlohmann::json& result : sarif_run["results"]) {
    const std::string rule_id = result["ruleId"].get<std::string>();
    const size_t index = result["ruleIndex"].get<size_t>();
    ASSERT_LT(index, declared.size());
    EXPECT_EQ(declared[index], rule_id);
    const nlohmann::json& location = result["locations"][0]["physicalLocation"];
    EXPECT_EQ(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    results.push_back(Location{rule_id, location["artifactLocation"]["uri"].get<std::string>(),
                               location["region"]["startLine"].get<int>(), location["region"]["startColumn"].get<int>()});
    EXPECT_FALSE(result["partialFingerprints"].empty());
  }
  std::sort(results.begin(), results.end());

  std::vector<Location> expected = ExpectedOf(files);
  expected.push_back(Location{std::string(kGithubRule), "my%20dir/app%20config.py", 2, 10});
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(results, expected);
}

TEST_F(ReportTest, SarifForACleanScanHasAnEmptyResultList) {
  WriteTree("clean.txt", "nothing to see\n");
  RunResult run = Scan({"--format", "sarif"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  nlohmann::json sarif = ParseJson(run.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_TRUE(sarif["runs"][0]["results"].is_array());
  EXPECT_TRUE(sarif["runs"][0]["results"].empty());
}

TEST_F(ReportTest, InlineAllowMarkersSuppressFindingsOnTheirLine) {
  PlantedFile file("settings.py");
  file.Line("TOKEN_A = '" + fakes_.GithubPat() + "'  # vigil:allow")
      .Line("TOKEN_B = '" + fakes_.GithubPat() + "'  // gitleaks:allow")
      .Line("TOKEN_C = '" + fakes_.GithubPat() + "'  # pragma: allowlist secret")
      .Secret("TOKEN_D = '", fakes_.GithubPat(), "'  # not allowed", kGithubRule)
      .Line("# vigil:allow on its own line covers nothing below")
      .Secret("TOKEN_E = '", fakes_.GithubPat(), "'", kGithubRule);
  Plant(file);
  RunResult run = Scan({"--format", "json", "--verbose"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(ParseJson(run.out)), file.expected());
  EXPECT_NE(run.err.find("suppressed 3 finding(s) by"), std::string::npos) << run.err;
}

TEST_F(ReportTest, AllowMarkerOnThePrivateKeyEndLineSuppressesTheBlock) {
  PlantedFile file("key.pem");
  file.Line(fakes_.RsaPrivateKeyPem() + "  # vigil:allow");
  Plant(file);
  RunResult run = Scan({"--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_TRUE(ParseJson(run.out)["findings"].empty());
}

TEST_F(ReportTest, OnlyAllowedFindingsMeansExitZero) {
  WriteTree("ok.py", "TOKEN = '" + fakes_.GithubPat() + "'  # vigil:allow\n");
  RunResult run = Scan();
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_NE(run.out.find("no findings"), std::string::npos) << run.out;
}

}  // namespace

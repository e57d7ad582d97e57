// `vigil scan` on generated trees: what is found, where, and what is not.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;

namespace {

class ScanTest : public VigilTest {
 protected:
  // Code, YAML, .env and JSON files with seven credentials of six kinds,
  // including non-ASCII text before secrets, on their lines and above them.
  std::vector<PlantedFile> PlantMixedTree() {
    std::vector<PlantedFile> files;

    PlantedFile code("src/app/config.py");
    code.Line("# -*- coding: utf-8 -*-")
        .Line("# Paramètres de l'application — ne pas partager 🚀")
        .Line("import os")
        .Secret("jeton_d_accès = \"", fakes_.GithubPat(), "\"  # clé GitHub", kGithubRule)
        .Line("")
        .Secret("SIGNING_KEY = \"\"\"", fakes_.RsaPrivateKeyPem(), "\"\"\"", kPrivateKeyRule)
        .Line("DEBUG = os.environ.get(\"DEBUG\") == \"1\"");
    files.push_back(code);

    const std::string password = fakes_.PostgresPassword();
    const std::string uri = fakes_.PostgresUri(password);
    const size_t password_at = uri.find(":" + password + "@") + 1;
    PlantedFile yaml("deploy/values.yaml");
    yaml.Line("database:")
        .Line("  # Доступ к базе данных — 数据库")
        .Secret("  url: \"" + uri.substr(0, password_at), password, uri.substr(password_at + password.size()) + "\"",
                kPostgresRule)
        .Line("  pool: 5")
        .Line("slack:")
        .Secret("  bot_token: ", fakes_.SlackBotToken(), "", kSlackRule);
    files.push_back(yaml);

    PlantedFile env(".env");
    env.Secret("AWS_ACCESS_KEY_ID=", fakes_.AwsAccessKeyId(), "", kAwsRule)
        .Line("AWS_REGION=eu-west-3")
        .Secret("STRIPE_SECRET_KEY=", fakes_.StripeLiveKey(), "", kStripeRule);
    files.push_back(env);

    PlantedFile json("config/settings.json");
    json.Line("{")
        .Line("  \"service\": \"Überweisungsdienst\",")
        .Secret("  \"github\": {\"token\": \"", fakes_.GithubPat(), "\"},", kGithubRule)
        .Line("  \"retries\": 3")
        .Line("}");
    files.push_back(json);

    for (const PlantedFile& file : files) Plant(file);
    WriteTree("README.md", "# Orders service\n\nRun `make deploy` to ship it.\n");
    return files;
  }

  // Ordinary files, and strings that come close to credentials without being
  // one: too short, wrong alphabet, placeholders, a test-mode key.
  int PlantCleanTree() {
    WriteTree("README.md", "# Orders\n\nSee docs/ for the design. Ünïcödé is fine here.\n");
    WriteTree("src/main.cc", "#include <cstdio>\nint main() { std::puts(\"hello\"); }\n");
    WriteTree("src/token.py", "TOKEN_PREFIX = \"ghp_\"\nshort = \"ghp_" + fakes_.Base62(20) + "\"\n");
    WriteTree("config/app.yaml", "aws_key: AKIA" + fakes_.Word(16) + "\nstripe: sk_test_" +
                                     fakes_.Base62(24) + "\nplaceholder: ghp_" + std::string(36, 'x') + "\n");
    WriteTree(".env", "DATABASE_URL=postgresql://localhost/orders\nLOG_LEVEL=info\n");
    WriteTree("keys/public.pem", "-----BEGIN PUBLIC KEY-----\n" + fakes_.Base62(64) + "\n-----END PUBLIC KEY-----\n");
    return 6;
  }
};

TEST_F(ScanTest, PlantedCredentialsAreAllFoundAtTheirExactPathLineAndColumn) {
  std::vector<PlantedFile> files = PlantMixedTree();
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(report), ExpectedOf(files));
  EXPECT_EQ(report["stats"]["files_scanned"], 5);
  EXPECT_EQ(report["stats"]["findings"], 7);
  EXPECT_EQ(report["tool"]["name"], "vigil");
}

TEST_F(ScanTest, ShowSecretsReportsExactlyThePlantedSecretAtEachLocation) {
  std::vector<PlantedFile> files = PlantMixedTree();
  std::map<Location, std::string> planted;
  for (const PlantedFile& file : files) {
    for (size_t i = 0; i < file.expected().size(); ++i) planted[file.expected()[i]] = file.secrets()[i];
  }
  nlohmann::json report = ScanJson({"--show-secrets"});
  ASSERT_EQ(report["findings"].size(), planted.size());
  for (const nlohmann::json& finding : report["findings"]) {
    Location at = LocationOf(finding);
    ASSERT_TRUE(planted.contains(at)) << finding.dump();
    EXPECT_EQ(finding["secret"], planted[at]);
    EXPECT_EQ(finding["redacted"], false);
  }
}

TEST_F(ScanTest, FindingsAreSortedByPathLineAndColumn) {
  PlantMixedTree();
  nlohmann::json report = ScanJson();
  std::vector<Location> in_report_order;
  for (const nlohmann::json& finding : report["findings"]) in_report_order.push_back(LocationOf(finding));
  std::vector<Location> sorted = in_report_order;
  std::sort(sorted.begin(), sorted.end(), [](const Location& a, const Location& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
  EXPECT_EQ(in_report_order, sorted);
}

TEST_F(ScanTest, TextReportShowsPathLineColumnSeverityAndRuleOfEveryFinding) {
  std::vector<PlantedFile> files = PlantMixedTree();
  RunResult run = Scan();
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  for (const Location& at : ExpectedOf(files)) {
    std::string heading = at.path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
    size_t found = run.out.find(heading);
    ASSERT_NE(found, std::string::npos) << "no heading " << heading << "\n" << run.out;
    std::string line = run.out.substr(found, run.out.find('\n', found) - found);
    EXPECT_NE(line.find(" " + at.rule_id + " "), std::string::npos) << line;
  }
  EXPECT_NE(run.out.find(".env:1:19: critical test-aws-access-key "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("vigil: 7 findings in 5 files"), std::string::npos) << run.out;
}

TEST_F(ScanTest, CleanTreeExitsZeroWithNoFindings) {
  int file_count = PlantCleanTree();
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_TRUE(report["findings"].empty()) << report.dump(2);
  EXPECT_EQ(report["stats"]["files_scanned"], file_count);
  EXPECT_EQ(report["stats"]["findings"], 0);

  RunResult text = Scan();
  EXPECT_EQ(text.exit_code, 0) << Describe(text);
  EXPECT_NE(text.out.find("vigil: no findings in 6 files"), std::string::npos) << text.out;
}

TEST_F(ScanTest, ColumnsCountUnicodeCodePointsNotBytes) {
  // 名 前 space = space 🔑 space: seven code points (14 bytes) before the token.
  const std::string token = fakes_.GithubPat();
  WriteTree("i18n.txt", "Ελληνικά και 日本語\n名前 = 🔑 " + token + "\n");
  nlohmann::json report = ScanJson();
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(LocationOf(report["findings"][0]), (Location{std::string(kGithubRule), "i18n.txt", 2, 8}));
  EXPECT_EQ(report["findings"][0]["end_column"], 8 + 40 - 1);

  RunResult sarif = Scan({"--format", "sarif"});
  nlohmann::json document = ParseJson(sarif.out);
  const nlohmann::json& region = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(document["runs"][0]["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(region["startLine"], 2);
  EXPECT_EQ(region["startColumn"], 8);
  EXPECT_EQ(region["endColumn"], 8 + 40);  // exclusive in SARIF
}

TEST_F(ScanTest, SecretAtTheVeryStartAndEndOfAFileWithoutNewlineIsFound) {
  const std::string first = fakes_.GithubPat();
  const std::string last = fakes_.StripeLiveKey();
  WriteTree("edges.txt", first + "\nmiddle line\r\nkey=" + last);
  nlohmann::json report = ScanJson();
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{{std::string(kGithubRule), "edges.txt", 1, 1},
                                                        {std::string(kStripeRule), "edges.txt", 3, 5}}));
}

TEST_F(ScanTest, StdinIsReportedUnderThePathHint) {
  const std::string token = fakes_.GithubPat();
  RunOptions options;
  options.stdin_data = "import os\nTOKEN = '" + token + "'\n";
  options.working_dir = Tree();
  RunResult run = RunVigil({"scan", "-", "--path-hint", "app/config.py", "--config", rules_path(), "--format",
                            "json"},
                           options);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{{std::string(kGithubRule), "app/config.py", 2, 10}}));

  RunResult text = RunVigil({"scan", "-", "--path-hint", "app/config.py", "--config", rules_path()}, options);
  EXPECT_NE(text.out.find("app/config.py:2:10: "), std::string::npos) << Describe(text);
}

TEST_F(ScanTest, StdinWithoutPathHintIsReportedAsDash) {
  RunOptions options;
  options.stdin_data = "token: " + fakes_.GithubPat() + "\n";
  RunResult run = RunVigil({"scan", "-", "--config", rules_path(), "--format", "json"}, options);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(ParseJson(run.out)), (std::vector<Location>{{std::string(kGithubRule), "-", 1, 8}}));
}

TEST_F(ScanTest, PathHintDecidesWhetherAPathRestrictedRuleApplies) {
  const std::string rules = temp_.Write("py-only.toml",
                                        "[[rules]]\n"
                                        "id = \"py-only-github\"\n"
                                        "regex = '''\\b(ghp_[A-Za-z0-9]{36})\\b'''\n"
                                        "path = '''\\.py$'''\n");
  RunOptions options;
  options.stdin_data = "TOKEN = '" + fakes_.GithubPat() + "'\n";
  RunResult python = RunVigil({"scan", "-", "--path-hint", "app/config.py", "-c", rules, "-f", "json"}, options);
  RunResult text = RunVigil({"scan", "-", "--path-hint", "app/config.txt", "-c", rules, "-f", "json"}, options);
  EXPECT_EQ(python.exit_code, 1) << Describe(python);
  EXPECT_EQ(LocationsOf(ParseJson(python.out)),
            (std::vector<Location>{{"py-only-github", "app/config.py", 1, 10}}));
  EXPECT_EQ(text.exit_code, 0) << Describe(text);
  EXPECT_TRUE(ParseJson(text.out)["findings"].empty());
}

TEST_F(ScanTest, InvalidUtf8InContentIsScannedAndEachBadByteIsOneColumn) {
  const std::string token = fakes_.AwsAccessKeyId();
  // "caf\xE9" (Latin-1 é), then \xFF\xFE: three invalid bytes, one column each.
  WriteTree("latin1.txt", std::string("caf\xE9 cr\xE8me\n\xFF\xFE key=") + token + "\n");
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(run.signal, 0) << Describe(run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{{std::string(kAwsRule), "latin1.txt", 2, 8}}));
}

TEST_F(ScanTest, InvalidUtf8FileNameIsScannedAndEscapedInEveryFormat) {
  const std::string token = fakes_.GithubPat();
  WriteTree(std::string("odd/na\xFFme.txt"), "token=" + token + "\n");
  RunResult json_run;
  nlohmann::json report = ScanJson({}, &json_run);
  EXPECT_EQ(json_run.signal, 0) << Describe(json_run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{{std::string(kGithubRule), "odd/na\\xFFme.txt", 1, 7}}));

  RunResult text = Scan();
  EXPECT_EQ(text.exit_code, 1) << Describe(text);
  EXPECT_NE(text.out.find("odd/na\\xFFme.txt:1:7: "), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find('\xFF'), std::string::npos) << "raw invalid byte in the text report";

  RunResult jsonl = Scan({"--format", "jsonl"});
  EXPECT_EQ(ParseJson(jsonl.out)["path"], "odd/na\\xFFme.txt");

  RunResult sarif = Scan({"--format", "sarif"});
  nlohmann::json document = ParseJson(sarif.out);
  std::string uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
  EXPECT_EQ(uri.find('\xFF'), std::string::npos) << uri;
  EXPECT_EQ(uri.rfind("odd/na", 0), 0u) << uri;
}

TEST_F(ScanTest, PathsWithSpacesAndSeveralRootsAreScannedAndReportedAsGiven) {
  const std::string first = fakes_.GithubPat();
  const std::string second = fakes_.SlackBotToken();
  WriteTree("my docs/notes file.md", "gh: " + first + "\n");
  WriteTree("other dir/deep/slack.txt", "x\ny\nbot=" + second + "\n");
  WriteTree("not scanned/also.txt", "gh: " + fakes_.GithubPat() + "\n");
  RunResult run = RunVigil({"scan", "my docs", "./other dir/", "--config", rules_path(), "--format", "json"},
                           RunOptions{.working_dir = Tree()});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(ParseJson(run.out)),
            (std::vector<Location>{{std::string(kGithubRule), "my docs/notes file.md", 1, 5},
                                   {std::string(kSlackRule), "other dir/deep/slack.txt", 3, 5}}));
}

// `vigil scan . src src/app.py` names the same file three times; it is still
// one file with one secret, and the report should say so once.
TEST_F(ScanTest, OverlappingRootsReportEachFindingOnce) {
  WriteTree("src/app.py", "TOKEN = '" + fakes_.GithubPat() + "'\n");
  RunResult run = RunVigil({"scan", ".", "src", "src/app.py", "--config", rules_path(), "--format", "json"},
                           RunOptions{.working_dir = Tree()});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{{std::string(kGithubRule), "src/app.py", 1, 10}}));
  EXPECT_EQ(report["stats"]["files_scanned"], 1);
}

TEST_F(ScanTest, ControlCharactersInFileNamesAreEscapedInTheTextReport) {
  WriteTree("tab\tand\nnewline.txt", "TOKEN = '" + fakes_.GithubPat() + "'\n");
  RunResult run = Scan();
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(run.out.rfind("tab\\tand\\nnewline.txt:1:10: high test-github-pat ", 0), 0u) << run.out;
  nlohmann::json report = ParseJson(Scan({"--format", "json"}).out);
  EXPECT_EQ(report["findings"][0]["path"], "tab\tand\nnewline.txt");
}

TEST_F(ScanTest, AbsoluteRootGivesAbsolutePaths) {
  WriteTree("a/b.txt", "gh: " + fakes_.GithubPat() + "\n");
  RunResult run = RunVigil({"scan", Tree(), "--config", rules_path(), "--format", "json"});
  EXPECT_EQ(LocationsOf(ParseJson(run.out)),
            (std::vector<Location>{{std::string(kGithubRule), Tree("a/b.txt"), 1, 5}}));
}

TEST_F(ScanTest, OneAndFourThreadsGiveIdenticalFindingsOnTwoHundredFiles) {
  constexpr int kFiles = 200;
  std::vector<PlantedFile> files;
  for (int i = 0; i < kFiles; ++i) {
    PlantedFile file("pkg" + std::to_string(i % 9) + "/module_" + std::to_string(i) + ".py");
    for (int line = 0; line < i % 13; ++line) file.Line("value_" + std::to_string(line) + " = " + std::to_string(i));
    if (i % 5 == 0) file.Secret("TOKEN = '", fakes_.GithubPat(), "'", kGithubRule);
    if (i % 7 == 0) file.Secret("aws = \"", fakes_.AwsAccessKeyId(), "\"", kAwsRule);
    if (i % 11 == 0) file.Secret("# ключ: ", fakes_.StripeLiveKey(), "", kStripeRule);
    file.Line("print('done')");
    Plant(file);
    files.push_back(file);
  }
  nlohmann::json one = ScanJson({"--threads", "1"});
  nlohmann::json four = ScanJson({"--threads", "4"});
  EXPECT_EQ(one["stats"]["files_scanned"], kFiles);
  EXPECT_EQ(four["stats"]["files_scanned"], kFiles);
  EXPECT_EQ(LocationsOf(one), ExpectedOf(files));
  EXPECT_EQ(one["findings"], four["findings"]);  // same order, same fields, same fingerprints
}

}  // namespace

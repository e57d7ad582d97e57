// Living with findings, end to end: project allowlists, inline markers,
// .vigilignore and .gitleaksignore, baselines, gitleaks configs and reports,
// config errors, and commit allowlists in `vigil git`.
#include <algorithm>
#include <map>
#include <re2/re2.h>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;

namespace {

namespace fs = std::filesystem;

class LivingWithFindingsTest : public VigilTest {
 protected:
  // `vigil args...` with tree/ as working directory (no --config added).
  RunResult InTree(const std::vector<std::string>& args) const {
    RunOptions options;
    options.working_dir = Tree();
    return RunVigil(args, options);
  }

  // A report from a run that exits 0 or 1.
  static nlohmann::json ReportOf(const RunResult& run) {
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << Describe(run);
    return ParseJson(run.out);
  }

  // The "vigil: suppressed path:line rule (filter)" lines of a --verbose run.
  static std::vector<std::string> SuppressedDetails(const std::string& err) {
    static const RE2 kDetail(R"(vigil: suppressed (\S+:\d+ \S+ \(.+\)))");
    std::vector<std::string> details;
    std::istringstream lines(err);
    for (std::string line; std::getline(lines, line);) {
      std::string detail;
      if (RE2::FullMatch(line, kDetail, &detail)) details.push_back(detail);
    }
    std::sort(details.begin(), details.end());
    return details;
  }

  static std::vector<std::string> SecretsOf(const nlohmann::json& report) {
    std::vector<std::string> secrets;
    for (const nlohmann::json& finding : report["findings"]) secrets.push_back(finding["secret"]);
    std::sort(secrets.begin(), secrets.end());
    return secrets;
  }
};

std::vector<std::string> SortedStrings(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return items;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// ---------------------------------------------------------------------------
// A project .vigil.toml with a global allowlist

TEST_F(LivingWithFindingsTest, ProjectConfigAllowlistHidesAFixturesFolderOnTopOfTheDefaultPack) {
  const std::string kAllowlisted =
      "[extend]\n"
      "useDefault = true\n"
      "\n"
      "[[allowlists]]\n"
      "description = \"Test fixtures hold revoked tokens\"\n"
      "paths = ['''^fixtures/''']\n";
  WriteTree(".vigil.toml", kAllowlisted);
  PlantedFile fixture("fixtures/github.env");
  fixture.Line("# revoked in 2023, kept for the parser tests").Secret("GITHUB_PAT=", fakes_.GithubPat(), "",
                                                                      "github-pat");
  PlantedFile app("src/settings.env");
  app.Line("# deploy settings").Secret("GITHUB_PAT=", fakes_.GithubPat(), "", "github-pat");
  Plant(fixture);
  Plant(app);

  // No --config: .vigil.toml at the scan root applies, with the default pack.
  RunResult run = InTree({"scan", ".", "--format", "json"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  EXPECT_EQ(LocationsOf(report), app.expected()) << report.dump(2);
  EXPECT_EQ(report["stats"]["findings"], 1);
  EXPECT_EQ(run.err.find("suppressed"), std::string::npos) << run.err;

  // --verbose names the suppressed finding on stderr and leaves stdout alone.
  RunResult verbose = InTree({"scan", ".", "--format", "json", "--verbose"});
  EXPECT_EQ(verbose.exit_code, 1) << Describe(verbose);
  EXPECT_EQ(SuppressedDetails(verbose.err), std::vector<std::string>{"fixtures/github.env:2 github-pat (allowlist)"})
      << verbose.err;
  nlohmann::json verbose_report = ParseJson(verbose.out);
  EXPECT_EQ(verbose_report["findings"], report["findings"]);

  // Without the allowlist both are reported; the one kept is reported the same.
  WriteTree(".vigil.toml", "[extend]\nuseDefault = true\n");
  RunResult plain = InTree({"scan", ".", "--format", "json"});
  nlohmann::json plain_report = ReportOf(plain);
  EXPECT_EQ(LocationsOf(plain_report), ExpectedOf({fixture, app}));
  for (const nlohmann::json& finding : plain_report["findings"]) {
    if (finding["path"] == "src/settings.env") {
      EXPECT_EQ(finding, report["findings"][0]);
    }
  }
  EXPECT_EQ(plain_report["tool"], report["tool"]);
  EXPECT_EQ(plain_report["stats"]["files_scanned"], report["stats"]["files_scanned"]);
  EXPECT_EQ(plain_report["stats"]["bytes_scanned"].get<uint64_t>(),
            report["stats"]["bytes_scanned"].get<uint64_t>() - kAllowlisted.size() +
                std::string("[extend]\nuseDefault = true\n").size());
  EXPECT_EQ(plain_report["stats"]["skipped"], report["stats"]["skipped"]);
  EXPECT_EQ(plain_report["stats"]["warnings"], report["stats"]["warnings"]);
}

TEST_F(LivingWithFindingsTest, ExplicitConfigWinsOverTheProjectConfig) {
  // --config replaces .vigil.toml, so its allowlist does not apply.
  WriteTree(".vigil.toml", TestRulesToml() + "\n[[allowlists]]\npaths = ['''^fixtures/''']\n");
  PlantedFile fixture("fixtures/a.env");
  fixture.Secret("TOKEN=", fakes_.GithubPat(), "", kGithubRule);
  Plant(fixture);
  EXPECT_EQ(LocationsOf(ReportOf(InTree({"scan", ".", "--format", "json"}))), std::vector<Location>{});
  EXPECT_EQ(LocationsOf(ScanJson()), fixture.expected());
}

// ---------------------------------------------------------------------------
// Inline markers

TEST_F(LivingWithFindingsTest, InlineMarkersOfVigilGitleaksAndDetectSecretsSuppressTheirLine) {
  PlantedFile settings("app/settings.py");
  settings.Line("GITHUB_TOKEN = \"" + fakes_.GithubPat() + "\"  # vigil:allow")
      .Line("AWS_KEY_ID = \"" + fakes_.AwsAccessKeyId() + "\"  # gitleaks:allow")
      .Line("STRIPE_KEY = \"" + fakes_.StripeLiveKey() + "\"  # pragma: allowlist secret")
      .Line("# vigil:allow -- a marker covers its own line only")
      .Secret("BACKUP_TOKEN = \"", fakes_.GithubPat(), "\"", kGithubRule)
      .Secret("SLACK = \"", fakes_.SlackBotToken(), "\"  # vigil allow (not the marker)", kSlackRule);
  Plant(settings);
  // A key block whose END line carries the marker.
  WriteTree("keys/deploy.pem", fakes_.RsaPrivateKeyPem() + "  # gitleaks:allow\n");

  RunResult run;
  nlohmann::json report = ScanJson({"--verbose"}, &run);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(report), settings.expected());
  EXPECT_EQ(SuppressedDetails(run.err),
            SortedStrings({"app/settings.py:1 test-github-pat (inline ignore)",
                           "app/settings.py:2 test-aws-access-key (inline ignore)",
                           "app/settings.py:3 test-stripe-live (inline ignore)",
                           "keys/deploy.pem:1 test-rsa-private-key (inline ignore)"}))
      << run.err;
}

// ---------------------------------------------------------------------------
// Ignore files

TEST_F(LivingWithFindingsTest, VigilIgnoreWithAFingerprintFromAReportSuppressesExactlyThatFinding) {
  const std::string shared = fakes_.GithubPat();
  PlantedFile a("config/a.env");
  a.Secret("TOKEN=", shared, "", kGithubRule);
  PlantedFile b("config/b.env");
  b.Line("# same token, another file").Secret("TOKEN=", shared, "", kGithubRule);
  PlantedFile c("config/c.env");
  c.Secret("AWS_ACCESS_KEY_ID=", fakes_.AwsAccessKeyId(), "", kAwsRule)
      .Secret("TOKEN=", fakes_.GithubPat(), "", kGithubRule);
  for (const PlantedFile& file : {a, b, c}) Plant(file);

  nlohmann::json first = ScanJson();
  ASSERT_EQ(LocationsOf(first), ExpectedOf({a, b, c}));
  std::string fingerprint;
  std::set<std::string> fingerprints;
  for (const nlohmann::json& finding : first["findings"]) {
    fingerprints.insert(finding["fingerprint"].get<std::string>());
    if (finding["path"] == "config/a.env") fingerprint = finding["fingerprint"];
  }
  EXPECT_EQ(fingerprints.size(), 4u);  // the shared token has one per path
  ASSERT_FALSE(fingerprint.empty());

  WriteTree(".vigilignore", "# Reviewed: a revoked token kept as a parser fixture.\n\n" + fingerprint +
                                "  test-github-pat  config/a.env  (revoked)\n");
  RunResult run;
  nlohmann::json second = ScanJson({"--verbose"}, &run);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(second), ExpectedOf({b, c}));
  EXPECT_EQ(SuppressedDetails(run.err), std::vector<std::string>{"config/a.env:1 test-github-pat (ignore file)"});
  for (const nlohmann::json& finding : second["findings"]) {
    EXPECT_TRUE(fingerprints.contains(finding["fingerprint"].get<std::string>())) << finding.dump();
  }

  // Lines above it move: the fingerprint still matches.
  WriteTree("config/a.env", "# moved\n# down\nTOKEN=" + shared + "\n");
  EXPECT_EQ(LocationsOf(ScanJson()), ExpectedOf({b, c}));
}

TEST_F(LivingWithFindingsTest, GitleaksIgnorePathRuleLineSuppressesThatLine) {
  PlantedFile prod("deploy/prod.env");
  prod.Line("# production")
      .Secret("TOKEN=", fakes_.GithubPat(), "", kGithubRule)
      .Secret("TOKEN_2=", fakes_.GithubPat(), "", kGithubRule);
  PlantedFile other("deploy/staging.env");
  other.Line("# staging").Secret("TOKEN=", fakes_.GithubPat(), "", kGithubRule);
  Plant(prod);
  Plant(other);

  // The fingerprint a gitleaks report gives is the entry to write.
  RunResult gitleaks = Scan({"--format", "gitleaks-json"});
  nlohmann::json findings = ParseJson(gitleaks.out);
  ASSERT_TRUE(findings.is_array()) << gitleaks.out;
  std::set<std::string> reported;
  for (const nlohmann::json& finding : findings) reported.insert(finding["Fingerprint"].get<std::string>());
  EXPECT_TRUE(reported.contains("deploy/prod.env:test-github-pat:2")) << gitleaks.out;

  WriteTree(".gitleaksignore", "deploy/prod.env:test-github-pat:2\n");
  RunResult run;
  nlohmann::json report = ScanJson({"--verbose"}, &run);
  std::vector<Location> expected{prod.expected()[1], other.expected()[0]};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(LocationsOf(report), expected);
  EXPECT_EQ(SuppressedDetails(run.err), std::vector<std::string>{"deploy/prod.env:2 test-github-pat (ignore file)"});
}

// ---------------------------------------------------------------------------
// Baselines

TEST_F(LivingWithFindingsTest, BaselineAcceptsTodaysFindingsAndReportsOnlyNewOnes) {
  const std::string old_token = fakes_.GithubPat();
  const std::string aws = fakes_.AwsAccessKeyId();
  const std::string token_line = "TOKEN = \"" + old_token + "\"";
  WriteTree("app/config.py", "import os\n\n" + token_line + "\n");
  WriteTree("deploy/keys.env", "AWS_ACCESS_KEY_ID=" + aws + "\n");

  RunResult create = InTree({"baseline", "create", "-o", "base.txt", ".", "--config", rules_path()});
  ASSERT_EQ(create.exit_code, 0) << Describe(create);
  EXPECT_NE(create.err.find("baseline of 2 finding(s)"), std::string::npos) << create.err;
  EXPECT_TRUE(create.out.empty()) << create.out;
  const std::string baseline = ReadFile(Tree("base.txt"));
  EXPECT_FALSE(fs::exists(Tree("base.txt.tmp")));

  // The file: comment header, then sorted one-line entries with no secret.
  EXPECT_EQ(baseline.find(old_token), std::string::npos) << baseline;
  EXPECT_EQ(baseline.find(aws), std::string::npos) << baseline;
  EXPECT_EQ(baseline.find(old_token.substr(4, 10)), std::string::npos) << baseline;
  std::vector<std::string> entries;
  std::vector<std::tuple<std::string, std::string, std::string>> keys;  // path, rule, fingerprint
  bool in_header = true;
  std::istringstream lines(baseline);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("#")) {
      EXPECT_TRUE(in_header) << "comment after the entries: " << line;
      continue;
    }
    in_header = false;
    entries.push_back(line);
    size_t first_tab = line.find('\t');
    size_t second_tab = line.find('\t', first_tab + 1);
    ASSERT_NE(second_tab, std::string::npos) << line;
    keys.emplace_back(line.substr(second_tab + 1), line.substr(first_tab + 1, second_tab - first_tab - 1),
                      line.substr(0, first_tab));
  }
  EXPECT_FALSE(in_header);
  ASSERT_EQ(entries.size(), 2u) << baseline;
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end())) << baseline;
  EXPECT_EQ(std::get<0>(keys[0]), "app/config.py");
  EXPECT_EQ(std::get<1>(keys[0]), std::string(kGithubRule));
  EXPECT_EQ(std::get<0>(keys[1]), "deploy/keys.env");
  EXPECT_EQ(std::get<1>(keys[1]), std::string(kAwsRule));

  // Making it again gives the same bytes.
  RunResult again = InTree({"baseline", "create", "-o", "base.txt", ".", "--config", rules_path()});
  ASSERT_EQ(again.exit_code, 0) << Describe(again);
  EXPECT_EQ(ReadFile(Tree("base.txt")), baseline);

  // Nothing new: exit 0, and --verbose says what the baseline held back.
  RunResult clean = Scan({"--baseline", "base.txt", "--verbose"});
  EXPECT_EQ(clean.exit_code, 0) << Describe(clean);
  EXPECT_EQ(SuppressedDetails(clean.err),
            SortedStrings({"app/config.py:3 test-github-pat (baseline)", "deploy/keys.env:1 test-aws-access-key (baseline)"}))
      << clean.err;
  EXPECT_EQ(Scan().exit_code, 1);  // without the baseline both are reported

  // Five lines inserted above the secret: still the same finding.
  WriteTree("app/config.py", "# one\n# two\n# three\n# four\n# five\nimport os\n\n" + token_line + "\n");
  RunResult moved = Scan({"--baseline", "base.txt"});
  EXPECT_EQ(moved.exit_code, 0) << Describe(moved);

  // A different secret on the same line is new, and the only one reported.
  const std::string new_token = fakes_.GithubPat();
  WriteTree("app/config.py", "# one\n# two\n# three\n# four\n# five\nimport os\n\n" + token_line +
                                 "; TOKEN_2 = \"" + new_token + "\"\n");
  RunResult added;
  nlohmann::json report = ScanJson({"--baseline", "base.txt", "--show-secrets"}, &added);
  EXPECT_EQ(added.exit_code, 1) << Describe(added);
  const int column = CodePoints(token_line + "; TOKEN_2 = \"") + 1;
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{{std::string(kGithubRule), "app/config.py", 8, column}}));
  EXPECT_EQ(SecretsOf(report), std::vector<std::string>{new_token});
}

TEST_F(LivingWithFindingsTest, MissingBaselineFileIsAUsageError) {
  WriteTree("a.env", "TOKEN=" + fakes_.GithubPat() + "\n");
  RunResult run = Scan({"--baseline", "no-such-baseline.txt"});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_NE(run.err.find("no-such-baseline.txt"), std::string::npos) << run.err;
}

// ---------------------------------------------------------------------------
// A gitleaks v8 config, unchanged

// Written as a gitleaks user would, using gitleaks' names and both of its
// allowlist forms.
constexpr const char* kGitleaksConfig = R"toml(# gitleaks config of the Acme platform team
title = "Acme gitleaks config"

[extend]
useDefault = false

[allowlist]
description = "global allow list"
paths = ['''(^|/)vendor/''']
regexes = ['''^dpl_Qq9''']
stopwords = ["revoked"]

[[rules]]
id = "acme-api-key"
description = "Acme API key"
regex = '''acme_key\s*=\s*"([A-Za-z0-9]{32})"'''
secretGroup = 1
entropy = 3.5
keywords = ["acme_key"]
tags = ["acme", "key"]

[rules.allowlist]
description = "Acme sandbox keys"
stopwords = ["sandbox"]

[[rules]]
id = "acme-deploy-token"
description = "Acme deploy token"
regex = '''\bdpl_[A-Za-z0-9]{30}\b'''
keywords = ["dpl_"]
path = '''(^|/)deploy/'''
tags = ["acme", "deploy"]

[[rules]]
id = "acme-webhook-secret"
description = "Acme webhook signing secret"
regex = '''\b(whsec)_([A-Za-z0-9]{32})\b'''
secretGroup = 2
entropy = 3.0
keywords = ["whsec_"]
tags = ["acme", "webhook"]

[[rules.allowlists]]
description = "Local webhook secrets in tests"
condition = "AND"
paths = ['''(^|/)tests/''']
stopwords = ["local"]
)toml";

// `config` without its allowlist tables (each ends at a blank line).
std::string WithoutAllowlists(const std::string& config) {
  std::string out;
  bool skipping = false;
  std::istringstream lines(config);
  for (std::string line; std::getline(lines, line);) {
    if (line == "[allowlist]" || line == "[rules.allowlist]" || line == "[[rules.allowlists]]") skipping = true;
    if (line.empty()) skipping = false;
    if (!skipping) out += line + "\n";
  }
  return out;
}

TEST_F(LivingWithFindingsTest, GitleaksV8ConfigLoadsUnchangedAndFindsWhatGitleaksWould) {
  const std::string config = temp_.Write("gitleaks.toml", kGitleaksConfig);

  RunResult listed = RunVigil({"rules", "list", "--config", config, "--format", "json"});
  ASSERT_EQ(listed.exit_code, 0) << Describe(listed);
  std::vector<std::string> ids;
  for (const nlohmann::json& rule : ParseJson(listed.out)) ids.push_back(rule["id"]);
  EXPECT_EQ(SortedStrings(ids), SortedStrings({"acme-api-key", "acme-deploy-token", "acme-webhook-secret"}));

  // Every line says what gitleaks does with it. Keywords are on the matched
  // line, so gitleaks' whole-file keyword check and vigil's agree.
  const std::string low_entropy = "aabbaabbccaabbaabbccaabbaabbccab";  // about 1.5 bits per character
  PlantedFile settings("src/settings.py");
  settings.Line("ACME_REGION = \"eu-west-1\"")
      .Secret("acme_key = \"", fakes_.Base62(32), "\"", "acme-api-key")  // reported
      .Line("acme_key = \"" + low_entropy + "\"")                        // entropy below 3.5
      .Line("acme_key = \"sandbox" + fakes_.Base62(25) + "\"")           // the rule's stopword
      .Line("acme_key = \"Revoked" + fakes_.Base62(25) + "\"")           // the global stopword
      .Line("acme_key = \"" + fakes_.Base62(31) + "\"");                 // too short for the regex
  PlantedFile values("deploy/values.yaml");
  values.Secret("token: ", "dpl_" + fakes_.Base62(30), "", "acme-deploy-token")  // reported
      .Line("backup: dpl_Qq9" + fakes_.Base62(27));                            // the global regex
  PlantedFile docs("docs/deploy.md");
  docs.Line("token: dpl_" + fakes_.Base62(30));  // outside the rule's path
  PlantedFile vendored("vendor/acme/client.py");
  vendored.Line("acme_key = \"" + fakes_.Base62(32) + "\"");  // the global path
  PlantedFile tests("tests/webhook_test.py");
  tests.Line("LOCAL = \"whsec_local" + fakes_.Base62(27) + "\"")  // tests/ AND "local": allowed
      .Secret("REAL = \"whsec_", fakes_.Base62(32), "\"", "acme-webhook-secret");  // tests/ only
  PlantedFile webhooks("src/webhooks.py");
  webhooks.Secret("SIGNING = \"whsec_", "local" + fakes_.Base62(27), "\"", "acme-webhook-secret");  // "local" only
  std::vector<PlantedFile> files{settings, values, docs, vendored, tests, webhooks};
  for (const PlantedFile& file : files) Plant(file);

  RunResult run = InTree({"scan", ".", "--config", config, "--format", "json", "--show-secrets"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  const std::vector<Location> expected = ExpectedOf(files);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(expected, (std::vector<Location>{{"acme-api-key", "src/settings.py", 2, 13},
                                             {"acme-deploy-token", "deploy/values.yaml", 1, 8},
                                             {"acme-webhook-secret", "src/webhooks.py", 1, 18},
                                             {"acme-webhook-secret", "tests/webhook_test.py", 2, 15}}));
  EXPECT_EQ(LocationsOf(report), expected) << report.dump(2);
  std::vector<std::string> planted;
  for (const PlantedFile& file : files) planted.insert(planted.end(), file.secrets().begin(), file.secrets().end());
  EXPECT_EQ(SecretsOf(report), SortedStrings(planted));
  for (const nlohmann::json& finding : report["findings"]) {
    EXPECT_EQ(finding["tags"][0], "acme") << finding.dump();
  }

  // With the allowlists taken out, the lines they allowed are reported: they
  // were held back by the allowlists, not by anything else.
  const std::string bare = temp_.Write("gitleaks-bare.toml", WithoutAllowlists(kGitleaksConfig));
  ASSERT_EQ(bare.find("allowlist"), std::string::npos);
  nlohmann::json unfiltered = ReportOf(InTree({"scan", ".", "--config", bare, "--format", "json"}));
  std::vector<std::string> lines;
  for (const nlohmann::json& finding : unfiltered["findings"]) {
    lines.push_back(finding["path"].get<std::string>() + ":" + std::to_string(finding["start_line"].get<int>()));
  }
  EXPECT_EQ(SortedStrings(lines),
            SortedStrings({"src/settings.py:2", "src/settings.py:4", "src/settings.py:5", "deploy/values.yaml:1",
                           "deploy/values.yaml:2", "vendor/acme/client.py:1", "tests/webhook_test.py:1",
                           "tests/webhook_test.py:2", "src/webhooks.py:1"}));
}

// ---------------------------------------------------------------------------
// gitleaks' JSON report

TEST_F(LivingWithFindingsTest, GitleaksJsonReportHasGitleaksFields) {
  PlantedFile env("config/app.env");
  env.Line("# app").Secret("GITHUB_TOKEN=", fakes_.GithubPat(), "", kGithubRule);
  PlantedFile ini("keys/aws.ini");
  ini.Secret("aws_access_key_id = ", fakes_.AwsAccessKeyId(), "", kAwsRule);
  Plant(env);
  Plant(ini);
  std::map<std::string, std::pair<Location, std::string>> planted;  // by path
  for (const PlantedFile& file : {env, ini}) planted[file.path()] = {file.expected()[0], file.secrets()[0]};

  for (bool show : {false, true}) {
    SCOPED_TRACE(show ? "--show-secrets" : "redacted");
    std::vector<std::string> args{"--format", "gitleaks-json"};
    if (show) args.push_back("--show-secrets");
    RunResult run = Scan(args);
    EXPECT_EQ(run.exit_code, 1) << Describe(run);
    nlohmann::json report = ParseJson(run.out);
    ASSERT_TRUE(report.is_array()) << run.out;
    ASSERT_EQ(report.size(), 2u) << run.out;
    for (const nlohmann::json& finding : report) {
      ASSERT_TRUE(finding.is_object());
      for (const char* key : {"RuleID", "File", "Match", "Secret", "Commit", "Fingerprint"}) {
        ASSERT_TRUE(finding.contains(key) && finding[key].is_string()) << key << " in " << finding.dump();
      }
      for (const char* key : {"StartLine", "EndLine", "StartColumn", "EndColumn"}) {
        ASSERT_TRUE(finding.contains(key) && finding[key].is_number_integer()) << key << " in " << finding.dump();
      }
      ASSERT_TRUE(finding.contains("Tags") && finding["Tags"].is_array()) << finding.dump();
      const std::string file = finding["File"];
      ASSERT_TRUE(planted.contains(file)) << file;
      const auto& [where, secret] = planted[file];
      EXPECT_EQ(finding["RuleID"], where.rule_id);
      EXPECT_EQ(finding["StartLine"], where.line);
      EXPECT_EQ(finding["EndLine"], where.line);
      EXPECT_EQ(finding["StartColumn"], where.column);  // the match is the token
      EXPECT_GT(finding["EndColumn"].get<int>(), where.column + static_cast<int>(secret.size()) - 2);
      EXPECT_EQ(finding["Commit"], "");
      EXPECT_EQ(finding["Tags"], nlohmann::json::array({"e2e"}));
      EXPECT_EQ(finding["Fingerprint"], file + ":" + where.rule_id + ":" + std::to_string(where.line));
      if (show) {
        EXPECT_EQ(finding["Secret"], secret);
        EXPECT_NE(finding["Match"].get<std::string>().find(secret), std::string::npos);
      } else {
        EXPECT_EQ(finding["Secret"], "REDACTED");
        EXPECT_EQ(finding["Match"].get<std::string>().find(secret), std::string::npos) << finding["Match"];
        EXPECT_NE(finding["Match"].get<std::string>().find("REDACTED"), std::string::npos) << finding["Match"];
        EXPECT_EQ(run.out.find(secret), std::string::npos);
      }
    }
  }
}

TEST_F(LivingWithFindingsTest, GitleaksFingerprintUsesTheReportedStartLine) {
  // A match that starts on the line above its secret: the report's
  // Fingerprint must name the StartLine it reports (gitleaks builds it as
  // File:RuleID:StartLine), or a .gitleaksignore made from gitleaks' output
  // would not match.
  const std::string config = temp_.Write("yaml.toml", R"toml([[rules]]
id = "yaml-api-key"
description = "API key on the line after its name"
regex = '''api_key:\s*\n\s+"([A-Za-z0-9]{32})"'''
secretGroup = 1
keywords = ["api_key"]
)toml");
  WriteTree("settings.yaml", "service:\n  api_key:\n    \"" + fakes_.Base62(32) + "\"\n");
  RunResult run = InTree({"scan", ".", "--config", config, "--format", "gitleaks-json"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  ASSERT_TRUE(report.is_array() && report.size() == 1u) << run.out;
  const nlohmann::json& finding = report[0];
  EXPECT_EQ(finding["StartLine"], 2);
  EXPECT_EQ(finding["EndLine"], 3);
  EXPECT_EQ(finding["Fingerprint"], "settings.yaml:yaml-api-key:" + std::to_string(finding["StartLine"].get<int>()))
      << finding.dump(2);
}

// ---------------------------------------------------------------------------
// Config errors

struct BadConfig {
  const char* name;
  std::string text;
  int line;
  int column;  // 0: any column
  std::vector<std::string> message_parts;
};

void PrintTo(const BadConfig& bad, std::ostream* out) { *out << bad.name; }

const char* const kOkRule = "[[rules]]\nid = \"a\"\nregex = '''a_[0-9]{8}'''\n";

std::vector<BadConfig> BadConfigs() {
  return {
      {"UnknownKeyInARule", std::string(kOkRule) + "colour = \"red\"\n", 4, 10,
       {"unknown key 'colour' in a rule", "expected one of", "secretGroup"}},
      {"UnknownTopLevelTable", "title = \"t\"\n\n[rule]\nid = \"a\"\n", 3, 0, {"unknown key 'rule'", "expected one of"}},
      {"UnknownKeyInAnAllowlist", std::string(kOkRule) + "[[allowlists]]\npaths = ['x']\nregexTarget_ = 'line'\n", 6,
       16, {"unknown key 'regexTarget_' in an allowlist", "expected one of"}},
      {"WrongTypeEntropy", std::string(kOkRule) + "entropy = \"high\"\n", 4, 11, {"'entropy' must be a number"}},
      {"WrongTypeKeywords", std::string(kOkRule) + "keywords = \"a_\"\n", 4, 12,
       {"'keywords' must be an array of strings"}},
      {"WrongTypeUseDefault", "[extend]\nuseDefault = \"yes\"\n", 2, 14, {"'useDefault' must be true or false"}},
      {"WrongTypeAllowlistPaths", std::string(kOkRule) + "[[allowlists]]\npaths = '^vendor/'\n", 5, 9,
       {"'paths' must be an array of strings"}},
      {"BadRegexTarget", std::string(kOkRule) + "[[allowlists]]\nregexes = ['x']\nregexTarget = \"file\"\n", 6, 15,
       {"'regexTarget' must be one of secret, match, line"}},
      {"BadCondition", std::string(kOkRule) + "[[allowlists]]\nregexes = ['x']\ncondition = \"XOR\"\n", 6, 13,
       {"'condition' must be OR or AND"}},
      {"EmptyAllowlist", std::string(kOkRule) + "\n[[allowlists]]\ndescription = \"nothing\"\n", 5, 0,
       {"needs at least one of paths, regexes, stopwords, commits"}},
      {"BadRegexInAnAllowlist", std::string(kOkRule) + "[[allowlists]]\nregexes = ['''ok''', '''(unclosed''']\n", 5,
       11, {"invalid regex in 'regexes'", "missing )"}},
      {"BadRegexInAPerRuleAllowlist", std::string(kOkRule) + "[[rules.allowlists]]\npaths = ['''[z-a]''']\n", 5, 9,
       {"invalid regex in 'paths'"}},
      {"BadTomlSyntax", "[[rules]]\nid = \"a\"\nregex = 'a_[0-9]{8}\n", 3, 0, {"invalid TOML"}},
      {"BadTomlSyntaxUnclosedTable", "[[rules]\nid = \"a\"\n", 1, 0, {"invalid TOML"}},
      // The rule regex is RE2: the error points at the `regex` value.
      {"BadRegexInARule", "[[rules]]\nid = \"a\"\nregex = '''a_([0-9]{8}'''\n", 3, 9, {"invalid regex", "missing )"}},
      // A base config that does not exist: the error points at the `path` that names it.
      {"ExtendPathMissing", "[extend]\npath = \"base-rules.toml\"\n", 2, 8, {"base-rules.toml"}},
  };
}

class ConfigErrorTest : public VigilTest, public ::testing::WithParamInterface<BadConfig> {};

TEST_P(ConfigErrorTest, ExitsTwoNamingFileLineColumnAndWhatWasExpected) {
  const BadConfig& bad = GetParam();
  const std::string config = temp_.Write("bad.toml", bad.text);
  WriteTree("a.env", "TOKEN=" + fakes_.GithubPat() + "\n");
  RunOptions options;
  options.working_dir = Tree();
  RunResult run = RunVigil({"scan", ".", "--config", config}, options);
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_TRUE(run.out.empty()) << run.out;
  const std::string where = config + ":" + std::to_string(bad.line) + ":";
  const RE2 pattern("vigil: error: " + RE2::QuoteMeta(where) + "([0-9]+): (.*)");
  int column = 0;
  std::string message;
  ASSERT_TRUE(RE2::PartialMatch(run.err, pattern, &column, &message)) << "expected " << where << "COLUMN: in\n" << run.err;
  if (bad.column > 0) {
    EXPECT_EQ(column, bad.column) << run.err;
  } else {
    EXPECT_GT(column, 0) << run.err;
  }
  for (const std::string& part : bad.message_parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' in\n" << run.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ConfigErrorTest, ::testing::ValuesIn(BadConfigs()),
                         [](const ::testing::TestParamInfo<BadConfig>& info) { return std::string(info.param.name); });

TEST_F(LivingWithFindingsTest, MalformedProjectConfigIsAnErrorNamingIt) {
  WriteTree(".vigil.toml", "[extend]\nuseDefault = true\n\n[[allowlists]]\nstopwords = \"sandbox\"\n");
  RunResult run = InTree({"scan", "."});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_NE(run.err.find(".vigil.toml:5:13: 'stopwords' must be an array of strings"), std::string::npos) << run.err;
}

TEST_F(LivingWithFindingsTest, MalformedConfigStopsGitAndBaselineCommandsToo) {
  const std::string config = temp_.Write("bad.toml", std::string(kOkRule) + "colour = \"red\"\n");
  InitGitRepo(Tree());
  WriteTree("a.env", "TOKEN=" + fakes_.GithubPat() + "\n");
  CommitAll(Tree(), "add a token");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"git", Tree(), "--config", config, "--no-progress"},
        std::vector<std::string>{"baseline", "create", "-o", temp_.Sub("base.txt"), ".", "--config", config}}) {
    SCOPED_TRACE(args[0]);
    RunResult run = InTree(args);
    EXPECT_EQ(run.exit_code, 2) << Describe(run);
    EXPECT_NE(run.err.find(config + ":4:10: unknown key 'colour'"), std::string::npos) << run.err;
  }
  EXPECT_FALSE(fs::exists(temp_.Sub("base.txt")));
}

// ---------------------------------------------------------------------------
// vigil git

// A finding of `vigil git` as (path, line, commit, secret).
using Row = std::tuple<std::string, int, std::string, std::string>;

class GitAllowlistTest : public LivingWithFindingsTest {
 protected:
  GitAllowlistTest() : repo_(Tree()) {
    InitGitRepo(repo_);
    first_token_ = fakes_.GithubPat();
    second_token_ = fakes_.GithubPat();
    aws_ = fakes_.AwsAccessKeyId();
    WriteFile(repo_ / "a.env", "TOKEN=" + first_token_ + "\n");
    CommitAll(repo_, "first: a token");
    first_ = Trimmed(Git(repo_, {"rev-parse", "HEAD"}).out);
    WriteFile(repo_ / "a.env", "TOKEN=" + first_token_ + "\nTOKEN_2=" + second_token_ + "\n");
    WriteFile(repo_ / "b.env", "AWS_ACCESS_KEY_ID=" + aws_ + "\n");
    CommitAll(repo_, "second: two more");
    second_ = Trimmed(Git(repo_, {"rev-parse", "HEAD"}).out);
  }

  // `vigil git` on the repository with `config`, as JSON.
  nlohmann::json Audit(const std::string& config, RunResult* run_out = nullptr,
                       const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"git",           repo_.string(), "--config", config, "--format", "json",
                                  "--show-secrets", "--no-progress"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult run = RunVigil(args);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << Describe(run);
    nlohmann::json report = ParseJson(run.out);
    if (run_out != nullptr) *run_out = run;
    return report;
  }

  // (path, line, commit, secret) of every finding, sorted.
  static std::vector<Row> Summary(const nlohmann::json& report) {
    std::vector<Row> out;
    for (const nlohmann::json& finding : report["findings"]) {
      out.emplace_back(finding["path"], finding["start_line"], finding["git"]["commit"], finding["secret"]);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string ConfigWithCommits(const std::string& commit) {
    return temp_.Write("commits.toml", TestRulesToml() +
                                           "\n[[allowlists]]\n"
                                           "description = \"accepted in review\"\n"
                                           "commits = [\"" + commit + "\"]\n");
  }

  fs::path repo_;
  std::string first_token_, second_token_, aws_;
  std::string first_, second_;
};

TEST_F(GitAllowlistTest, WithoutAllowlistEveryCommitsFindingsAreReported) {
  EXPECT_EQ(Summary(Audit(rules_path())), (std::vector<Row>{{"a.env", 1, first_, first_token_},
                                                            {"a.env", 2, second_, second_token_},
                                                            {"b.env", 1, second_, aws_}}));
}

TEST_F(GitAllowlistTest, CommitsAllowlistDropsFindingsOfThatCommitOnly) {
  RunResult run;
  nlohmann::json report = Audit(ConfigWithCommits(first_), &run, {"--verbose"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(Summary(report), (std::vector<Row>{{"a.env", 2, second_, second_token_}, {"b.env", 1, second_, aws_}}));
  EXPECT_EQ(SuppressedDetails(run.err), std::vector<std::string>{"a.env:1 test-github-pat (allowlist)"}) << run.err;

  EXPECT_EQ(Summary(Audit(ConfigWithCommits(second_))), (std::vector<Row>{{"a.env", 1, first_, first_token_}}));
}

TEST_F(GitAllowlistTest, CommitsAllowlistTakesAnAbbreviatedId) {
  EXPECT_EQ(Summary(Audit(ConfigWithCommits(first_.substr(0, 10)))),
            (std::vector<Row>{{"a.env", 2, second_, second_token_}, {"b.env", 1, second_, aws_}}));
}

TEST_F(GitAllowlistTest, CommitsAllowlistDoesNotTouchAScanOfTheWorkTree) {
  RunResult run = InTree({"scan", ".", "--config", ConfigWithCommits(first_), "--format", "json"});
  nlohmann::json report = ReportOf(run);
  EXPECT_EQ(report["findings"].size(), 3u) << report.dump(2);
}

TEST_F(GitAllowlistTest, GitleaksIgnoreCommitPathRuleLineDropsThatCommitsFinding) {
  WriteFile(repo_ / ".gitleaksignore", first_ + ":a.env:test-github-pat:1\n");
  EXPECT_EQ(Summary(Audit(rules_path())),
            (std::vector<Row>{{"a.env", 2, second_, second_token_}, {"b.env", 1, second_, aws_}}));
}

TEST_F(GitAllowlistTest, BaselineOfTheWorkTreeAppliesToTheHistory) {
  RunResult create = InTree({"baseline", "create", "-o", temp_.Sub("base.txt"), ".", "--config", rules_path()});
  ASSERT_EQ(create.exit_code, 0) << Describe(create);
  RunResult clean;
  Audit(rules_path(), &clean, {"--baseline", temp_.Sub("base.txt")});
  EXPECT_EQ(clean.exit_code, 0) << Describe(clean);

  const std::string third_token = fakes_.GithubPat();
  WriteFile(repo_ / "c.env", "TOKEN=" + third_token + "\n");
  CommitAll(repo_, "third: a new token");
  const std::string third = Trimmed(Git(repo_, {"rev-parse", "HEAD"}).out);
  RunResult dirty;
  nlohmann::json report = Audit(rules_path(), &dirty, {"--baseline", temp_.Sub("base.txt")});
  EXPECT_EQ(dirty.exit_code, 1) << Describe(dirty);
  EXPECT_EQ(Summary(report), (std::vector<Row>{{"c.env", 1, third, third_token}}));
}

}  // namespace

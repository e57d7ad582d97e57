// The built-in rule pack, used as a user would: no --config. The pack is still
// growing, so rules are looked up at test time (`vigil rules list --format
// json`) by the provider prefix of their id, and a provider the pack does not
// cover yet is skipped rather than failed.
#include <algorithm>
#include <filesystem>
#include <map>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;

namespace {

// A credential as planted for one provider.
struct Planted {
  std::string line_before;  // text on the line before the credential
  std::string credential;   // the token, key block or URI
  std::string after;        // text after it on its line
  std::string core;         // what the reported secret must contain
  int min_column = 0;       // the reported column may fall in [min_column, max_column]
  int max_column = 0;
};

struct Provider {
  std::string name;
  std::vector<std::string> id_prefixes;  // a pack rule id starting with one of these covers the provider
  std::string file;                      // where the credential is planted
  std::function<Planted(FakeSecrets&)> plant;
};

Planted PlainToken(const std::string& before, const std::string& token, const std::string& after = "") {
  int column = CodePoints(before) + 1;
  return Planted{before, token, after, token, column, column};
}

std::vector<Provider> Providers() {
  return {
      {"github", {"github"}, "ci/settings.env",
       [](FakeSecrets& fakes) { return PlainToken("GITHUB_TOKEN=", fakes.GithubPat()); }},
      {"aws", {"aws"}, "config/aws.ini",
       [](FakeSecrets& fakes) { return PlainToken("aws_access_key_id = ", fakes.AwsAccessKeyId()); }},
      {"stripe", {"stripe"}, "billing/keys.py",
       [](FakeSecrets& fakes) { return PlainToken("STRIPE_SECRET_KEY = \"", fakes.StripeLiveKey(), "\""); }},
      {"slack", {"slack"}, "chatops/bot.yaml",
       [](FakeSecrets& fakes) { return PlainToken("slack_bot_token: ", fakes.SlackBotToken()); }},
      {"private_key", {"private-key", "rsa-private-key", "pem-private-key"}, "deploy/id_rsa",
       [](FakeSecrets& fakes) {
         std::string pem = fakes.RsaPrivateKeyPem();
         std::string first_body_line = pem.substr(pem.find('\n') + 1, 64);
         return Planted{"", pem, "", first_body_line, 1, 1};
       }},
      {"postgres", {"postgres"}, "app/database.env",
       [](FakeSecrets& fakes) {
         std::string password = fakes.PostgresPassword();
         std::string uri = fakes.PostgresUri(password);
         const std::string before = "DATABASE_URL=";
         int uri_column = CodePoints(before) + 1;
         int password_column = uri_column + static_cast<int>(uri.find(":" + password + "@")) + 1;
         return Planted{before, uri, "", password, uri_column, password_column};
       }},
  };
}

// Ids of the built-in pack.
std::vector<std::string> PackRuleIds() {
  RunResult run = RunVigil({"rules", "list", "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  std::vector<std::string> ids;
  for (const nlohmann::json& rule : ParseJson(run.out)) ids.push_back(rule["id"].get<std::string>());
  return ids;
}

bool CoveredBy(const std::string& rule_id, const Provider& provider) {
  return std::any_of(provider.id_prefixes.begin(), provider.id_prefixes.end(),
                     [&](const std::string& prefix) { return rule_id.rfind(prefix, 0) == 0; });
}

std::vector<std::string> RulesFor(const Provider& provider) {
  std::vector<std::string> ids = PackRuleIds();
  std::erase_if(ids, [&](const std::string& id) { return !CoveredBy(id, provider); });
  return ids;
}

class DefaultPackTest : public VigilTest, public ::testing::WithParamInterface<Provider> {
 protected:
  // `vigil scan . --format json [args]` in tree/, without --config.
  RunResult ScanWithDefaults(const std::vector<std::string>& args = {}) {
    std::vector<std::string> full{"scan", ".", "--format", "json"};
    full.insert(full.end(), args.begin(), args.end());
    return RunVigil(full, RunOptions{.working_dir = Tree()});
  }
};

TEST_P(DefaultPackTest, FindsThePlantedCredentialWithTheProvidersRuleAtItsLocation) {
  const Provider& provider = GetParam();
  std::vector<std::string> rules = RulesFor(provider);
  if (rules.empty()) GTEST_SKIP() << "the built-in pack has no " << provider.name << " rule yet";

  Planted planted = provider.plant(fakes_);
  WriteTree(provider.file, "# " + provider.name + " settings\n" + planted.line_before + planted.credential +
                               planted.after + "\nretries = 3\n");
  RunResult run = ScanWithDefaults({"--show-secrets"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  ASSERT_EQ(report["findings"].size(), 1u) << "expected one finding for " << provider.name << ":\n" << report.dump(2);
  const nlohmann::json& finding = report["findings"][0];
  EXPECT_TRUE(CoveredBy(finding["rule_id"].get<std::string>(), provider)) << finding.dump(2);
  EXPECT_EQ(finding["path"], provider.file);
  EXPECT_EQ(finding["start_line"], 2);
  const int column = finding["start_column"].get<int>();
  EXPECT_GE(column, planted.min_column) << finding.dump(2);
  EXPECT_LE(column, planted.max_column) << finding.dump(2);
  EXPECT_NE(finding["secret"].get<std::string>().find(planted.core), std::string::npos) << finding.dump(2);
}

// Each default-pack scan compiles the whole pack, so this one run checks both
// the stdin path hint and the default redaction.
TEST_P(DefaultPackTest, FindsTheCredentialOnStdinUnderThePathHintAndRedactsIt) {
  const Provider& provider = GetParam();
  if (RulesFor(provider).empty()) GTEST_SKIP() << "the built-in pack has no " << provider.name << " rule yet";

  Planted planted = provider.plant(fakes_);
  RunOptions options;
  options.stdin_data = planted.line_before + planted.credential + planted.after + "\n";
  RunResult run = RunVigil({"scan", "-", "--path-hint", provider.file, "--format", "json"}, options);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["path"], provider.file);
  EXPECT_EQ(report["findings"][0]["start_line"], 1);
  EXPECT_EQ(report["findings"][0]["redacted"], true);
  EXPECT_EQ(run.out.find(planted.core), std::string::npos) << "secret leaked:\n" << run.out;
}

INSTANTIATE_TEST_SUITE_P(Providers, DefaultPackTest, ::testing::ValuesIn(Providers()),
                         [](const ::testing::TestParamInfo<Provider>& info) { return info.param.name; });

class DefaultPackCleanTest : public VigilTest {};

TEST_F(DefaultPackCleanTest, OrdinaryProjectFilesGiveNoFindings) {
  if (PackRuleIds().empty()) GTEST_SKIP() << "the built-in pack has no rules yet";
  WriteTree("README.md", "# Orders\n\nSet GITHUB_TOKEN in your CI settings; never commit it.\n");
  WriteTree("src/main.py",
            "import os\n\n"
            "TOKEN = os.environ[\"GITHUB_TOKEN\"]\n"
            "DATABASE_URL = os.environ.get(\"DATABASE_URL\", \"postgresql://localhost/orders\")\n"
            "def handler(event):\n    return {\"status\": 200, \"id\": event[\"id\"]}\n");
  WriteTree(".env.template", "GITHUB_TOKEN=\nAWS_ACCESS_KEY_ID=\nSTRIPE_SECRET_KEY=\nSLACK_BOT_TOKEN=\n");
  WriteTree("package.json", "{\n  \"name\": \"orders\",\n  \"version\": \"1.4.2\",\n  \"license\": \"MIT\"\n}\n");
  WriteTree("docs/keys.md", "Generate a key with `ssh-keygen -t ed25519` and keep it out of git.\n");
  RunResult run = RunVigil({"scan", ".", "--format", "json"}, RunOptions{.working_dir = Tree()});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_TRUE(ParseJson(run.out)["findings"].empty()) << run.out;
}

}  // namespace

// A config that extends the pack compiles only its own rules: the pack's rules
// keep using the database compiled into the binary, disabled ones are not
// reported, and the cache holds one small database for the config's rule.
class ExtendedPackTest : public VigilTest {};

TEST_F(ExtendedPackTest, CompilesOnlyTheConfigsRulesAndHonoursDisabledRules) {
  WriteTree(".vigil.toml",
            "[extend]\nuseDefault = true\ndisabledRules = [\"stripe-secret-key-live\"]\n\n"
            "[[rules]]\nid = \"acme-internal-token\"\nregex = '''\\b(acme_[A-Za-z0-9]{32})\\b'''\n"
            "keywords = [\"acme_\"]\n");
  const std::string github = fakes_.GithubPat();
  const std::string acme = "acme_" + fakes_.Base62(32);
  WriteTree("app/settings.env", "GITHUB_TOKEN=" + github + "\nACME_TOKEN=" + acme + "\nSTRIPE_KEY=" +
                                    fakes_.StripeLiveKey() + "\n");
  const std::string cache = temp_.Sub("cache");
  RunOptions options{.working_dir = Tree(), .env = {{"XDG_CACHE_HOME", cache}}};
  for (int run_number = 0; run_number < 2; ++run_number) {  // cold cache, then warm
    RunResult run = RunVigil({"scan", ".", "--format", "json", "--show-secrets"}, options);
    ASSERT_EQ(run.exit_code, 1) << Describe(run);
    std::map<std::string, std::string> secret_by_rule;
    const nlohmann::json report = ParseJson(run.out);
    for (const nlohmann::json& finding : report["findings"]) {
      secret_by_rule[finding["rule_id"].get<std::string>()] = finding["secret"].get<std::string>();
    }
    EXPECT_EQ(secret_by_rule["github-pat"], github) << run.out;
    EXPECT_EQ(secret_by_rule["acme-internal-token"], acme) << run.out;
    EXPECT_FALSE(secret_by_rule.contains("stripe-secret-key-live")) << run.out;
    EXPECT_EQ(secret_by_rule.size(), 2u) << run.out;
  }
  std::vector<std::filesystem::path> stored;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(cache) / "vigil")) {
    stored.push_back(entry.path());
  }
  ASSERT_EQ(stored.size(), 1u);
  // The pack's own database is over a megabyte; one rule's is a few kilobytes.
  EXPECT_LT(std::filesystem::file_size(stored.front()), 64u << 10);
}

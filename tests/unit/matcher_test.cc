#include "engine/matcher.h"

#include <gtest/gtest.h>

#include "engine/database_cache.h"
#include "core/fingerprint.h"
#include "engine/rule_checker.h"
#include "filter/allowlist_filter.h"
#include "rules/config.h"

namespace vigil {
namespace {

// A random-looking body built at test time, so no token sits in the source.
std::string Body(size_t length, unsigned seed) {
  static constexpr char kAlphabet[] = "Q7mZp2XkR9vLc4TnW8bHs3JdF6gYt5Ne";
  std::string out;
  unsigned state = seed * 2654435761u + 12345u;
  for (size_t i = 0; i < length; ++i) {
    state = state * 1103515245u + 12345u;
    out += kAlphabet[(state >> 16) % 32];
  }
  return out;
}

std::shared_ptr<const CompiledRules> CompileToml(const std::string& toml) {
  auto config = ParseConfig(toml, "test.toml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  auto compiled = CompiledRules::Compile(RuleSet(std::move(config.value().rules)));
  EXPECT_TRUE(compiled.ok()) << compiled.error().ToString();
  return compiled.value();
}

std::vector<Finding> ScanText(const std::shared_ptr<const CompiledRules>& rules, const std::string& text,
                              const std::string& path = "src/app.py",
                              std::vector<LineRange> added = {}) {
  Matcher matcher(rules);
  EXPECT_TRUE(matcher.status().ok());
  Provenance provenance;
  provenance.path = path;
  Blob blob = Blob::Owned(provenance, text);
  blob.set_added_lines(std::move(added));
  std::vector<Finding> findings;
  EXPECT_TRUE(matcher.Scan(blob, findings).ok());
  return findings;
}

constexpr const char* kRules = R"toml(
[[rules]]
id = "demo-token"
description = "Demo token"
regex = '''\b(dmo_[A-Za-z0-9]{32})\b'''
keywords = ["dmo_"]
entropy = 3.0
severity = "high"

[[rules]]
id = "demo-keyed"
regex = '''(?i)demo[_-]?secret\s*[:=]\s*["']?([A-Za-z0-9]{24})'''
secretGroup = 1
keywords = ["demo"]

[[rules]]
id = "env-only"
regex = '''ENVKEY=([A-Za-z0-9]{20})'''
path = '''\.env$'''

[[rules]]
id = "generic-secret"
regex = '''(?i)(?:secret|token)\s*=\s*"([^"\s]{16,64})"'''
tags = ["generic"]
entropy = 3.0
)toml";

TEST(Matcher, FindsSecretWithExactLocation) {
  auto rules = CompileToml(kRules);
  std::string token = "dmo_" + Body(32, 1);
  std::string text = "line one\n\n  key: " + token + "\n";
  auto findings = ScanText(rules, text);
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.rule->id, "demo-token");
  EXPECT_EQ(finding.secret, token);
  EXPECT_EQ(finding.secret_span.start_line, 3);
  EXPECT_EQ(finding.secret_span.start_column, 8);
  EXPECT_EQ(finding.secret_span.end_line, 3);
  EXPECT_EQ(finding.secret_span.end_column, 8 + 36 - 1);
  EXPECT_EQ(finding.line, "  key: " + token);
  EXPECT_EQ(finding.provenance.path, "src/app.py");
  EXPECT_FALSE(finding.fingerprint.empty());
}

TEST(Matcher, FindsEveryOccurrenceInOneBlob) {
  auto rules = CompileToml(kRules);
  std::string text;
  for (unsigned i = 0; i < 5; ++i) text += "t" + std::to_string(i) + " = dmo_" + Body(32, i + 10) + "\n";
  auto findings = ScanText(rules, text);
  ASSERT_EQ(findings.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(findings[i].secret_span.start_line, i + 1);
}

TEST(Matcher, ExtractsTheSecretGroup) {
  auto rules = CompileToml(kRules);
  std::string value = Body(24, 3);
  auto findings = ScanText(rules, "DEMO_SECRET = '" + value + "'\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].secret, value);
  EXPECT_EQ(findings[0].match, "DEMO_SECRET = '" + value);
}

TEST(Matcher, DropsLowEntropySecrets) {
  auto rules = CompileToml(kRules);
  EXPECT_TRUE(ScanText(rules, "dmo_" + std::string(16, 'a') + std::string(16, 'b') + "\n").empty());
}

TEST(Matcher, DropsPlaceholders) {
  auto rules = CompileToml(kRules);
  EXPECT_TRUE(ScanText(rules, "dmo_EXAMPLE" + Body(25, 4) + "\n").empty());
}

TEST(Matcher, RequiresAKeywordOnTheMatchLines) {
  auto rules = CompileToml(R"toml(
[[rules]]
id = "hex-key"
regex = '''key\s*=\s*([a-f0-9]{32})'''
keywords = ["acme"]
)toml");
  std::string hex = "9f86d081884c7d659a2feaa0c55ad015";
  EXPECT_TRUE(ScanText(rules, "# acme settings\nkey = " + hex + "\n").empty());
  EXPECT_EQ(ScanText(rules, "key = " + hex + "  # acme\n").size(), 1u);
}

TEST(Matcher, AppliesPathRulesOnlyToMatchingPaths) {
  auto rules = CompileToml(kRules);
  std::string text = "ENVKEY=" + Body(20, 5) + "\n";
  EXPECT_TRUE(ScanText(rules, text, "config/app.yaml").empty());
  EXPECT_EQ(ScanText(rules, text, "config/.env").size(), 1u);
}

// Path-bound rules stay out of the Hyperscan database; a set made only of them
// has no database at all and still scans.
TEST(Matcher, ScansWithOnlyPathBoundRules) {
  auto rules = CompileToml(R"toml(
[[rules]]
id = "pgpass-like"
regex = '''(?m)^[^:\s]+:\d+:[^:\s]+:[^:\s]+:(\S{8,})$'''
path = '''(?:^|/)\.pgpass$'''
)toml");
  EXPECT_TRUE(rules->databases().empty());
  ASSERT_EQ(rules->path_bound_rules().size(), 1u);
  std::string text = "db.internal:5432:app:svc:" + Body(16, 13) + "\n";
  EXPECT_TRUE(ScanText(rules, text, "notes/pgpass.txt").empty());
  auto findings = ScanText(rules, text, "home/.pgpass");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule->id, "pgpass-like");
}

// One RE2::Set pass over the path picks the path-bound rules for a blob: every
// rule whose path matches, and only those.
TEST(Matcher, PicksEveryPathBoundRuleWhosePathMatches) {
  auto rules = CompileToml(R"toml(
[[rules]]
id = "any-ini"
regex = '''password\s*=\s*(\S{8,})'''
path = '''\.ini$'''

[[rules]]
id = "db-ini"
regex = '''token\s*=\s*(\S{8,})'''
path = '''(?:^|/)db[^/]*\.ini$'''

[[rules]]
id = "netrc"
regex = '''password\s+(\S{8,})'''
path = '''(?:^|/)\.netrc$'''
)toml");
  ASSERT_EQ(rules->path_bound_rules().size(), 3u);
  std::string text = "password = " + Body(16, 21) + "\ntoken = " + Body(16, 22) + "\n";
  auto ids = [&](const std::string& path) {
    std::vector<std::string> out;
    for (const Finding& finding : ScanText(rules, text, path)) out.push_back(finding.rule->id);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids("conf/db-main.ini"), (std::vector<std::string>{"any-ini", "db-ini"}));
  EXPECT_EQ(ids("conf/app.ini"), (std::vector<std::string>{"any-ini"}));
  EXPECT_TRUE(ids("conf/app.ini.bak").empty());
  EXPECT_TRUE(ids(".netrc").empty());  // its regex wants no '='
}

// Hyperscan searches a rule's `candidate` instead of its regex; RE2 confirms
// with the regex, so the candidate gates what can be found.
TEST(Matcher, SearchesTheCandidatePatternAndConfirmsWithTheRegex) {
  std::string secret = "MT" + Body(22, 14) + "." + Body(6, 15) + "." + Body(30, 16);
  auto loose = CompileToml(R"toml(
[[rules]]
id = "dotted"
regex = '''\b(MT[A-Za-z0-9]{22}\.[A-Za-z0-9]{6}\.[A-Za-z0-9]{30})\b'''
candidate = '''\.[A-Za-z0-9]{6}\.[A-Za-z0-9]{27}'''
)toml");
  auto findings = ScanText(loose, "token: " + secret + "\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].secret, secret);
  EXPECT_TRUE(ScanText(loose, "name: a.bcdefg." + Body(30, 17) + "\n").empty());  // fires, not confirmed

  auto never = CompileToml(R"toml(
[[rules]]
id = "dotted"
regex = '''\b(MT[A-Za-z0-9]{22}\.[A-Za-z0-9]{6}\.[A-Za-z0-9]{30})\b'''
candidate = '''no-such-text'''
)toml");
  EXPECT_TRUE(ScanText(never, "token: " + secret + "\n").empty());
}

TEST(Matcher, ReportsOnlyInsideAddedLines) {
  auto rules = CompileToml(kRules);
  std::string text = "a = dmo_" + Body(32, 6) + "\nb = dmo_" + Body(32, 7) + "\n";
  auto findings = ScanText(rules, text, "x", {LineRange{2, 2}});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].secret_span.start_line, 2);
}

TEST(Matcher, GenericRuleYieldsToASpecificRuleOnTheSameSecret) {
  auto rules = CompileToml(kRules);
  auto findings = ScanText(rules, "token = \"dmo_" + Body(32, 8) + "\"\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule->id, "demo-token");
  auto generic_only = ScanText(rules, "token = \"" + Body(30, 9) + "\"\n");
  ASSERT_EQ(generic_only.size(), 1u);
  EXPECT_EQ(generic_only[0].rule->id, "generic-secret");
}

TEST(Matcher, MatchesAcrossLinesAndCountsColumnsInCodePoints) {
  auto rules = CompileToml(R"toml(
[[rules]]
id = "block"
regex = '''-----BEGIN DEMO KEY-----\n[A-Za-z0-9+/=\n]{40,400}-----END DEMO KEY-----'''
)toml");
  std::string text = "é: -----BEGIN DEMO KEY-----\n" + Body(48, 10) + "\n" + Body(20, 11) +
                     "\n-----END DEMO KEY-----\n";
  auto findings = ScanText(rules, text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].secret_span.start_line, 1);
  EXPECT_EQ(findings[0].secret_span.start_column, 4);
  EXPECT_EQ(findings[0].secret_span.end_line, 4);
}

TEST(Matcher, ScansInvalidUtf8AndEmptyBlobs) {
  auto rules = CompileToml(kRules);
  EXPECT_TRUE(ScanText(rules, "").empty());
  std::string text = "\xff\xfe bad bytes \xc3 then dmo_" + Body(32, 12) + "\n";
  auto findings = ScanText(rules, text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].secret_span.start_column, 21);
}

constexpr const char* kPathOnlyRules = R"toml(
[[rules]]
id = "keystore-file"
path = '''(?i)\.(?:p12|jks)$'''

[[rules]]
id = "demo-token"
regex = '''\b(dmo_[A-Za-z0-9]{32})\b'''
)toml";

TEST(Matcher, PathOnlyRuleFlagsTheFileWhateverItsContent) {
  auto rules = CompileToml(kPathOnlyRules);
  ASSERT_TRUE(rules->has_path_only_rules());
  for (const std::string& text : {std::string(), std::string("anything at all\n")}) {
    auto findings = ScanText(rules, text, "certs/Client.P12");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].rule->id, "keystore-file");
    EXPECT_EQ(findings[0].secret, "");
    EXPECT_EQ(findings[0].secret_span.start_line, 1);
    EXPECT_EQ(findings[0].fingerprint, Fingerprint("keystore-file", "certs/Client.P12", ""));
  }
  EXPECT_TRUE(ScanText(rules, "anything", "src/p12.py").empty());
}

TEST(Matcher, PathOnlyRuleFlagsAFileWhoseContentWasNotScanned) {
  auto rules = CompileToml(kPathOnlyRules);
  Matcher matcher(rules);
  Provenance keystore;
  keystore.path = "android/release.jks";
  std::vector<Finding> findings;
  matcher.ScanPathOnly(keystore, findings);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule->id, "keystore-file");
  Provenance other;
  other.path = "android/release.txt";
  findings.clear();
  matcher.ScanPathOnly(other, findings);
  EXPECT_TRUE(findings.empty());
}

TEST(Matcher, PathOnlyRuleInAnAddedLinesScanNeedsTheFileToBeNew) {
  auto rules = CompileToml(kPathOnlyRules);
  EXPECT_EQ(ScanText(rules, "a\nb\n", "x.p12", {{1, 2}}).size(), 1u);
  EXPECT_TRUE(ScanText(rules, "a\nb\n", "x.p12", {{2, 2}}).empty());
}

TEST(CompiledRules, RejectsABadRegexNamingTheRule) {
  auto config = ParseConfig("[[rules]]\nid = \"broken\"\nregex = '''(unclosed'''\n", "bad.toml");
  ASSERT_TRUE(config.ok());
  auto compiled = CompiledRules::Compile(RuleSet(std::move(config.value().rules)));
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().file, "bad.toml");
  EXPECT_EQ(compiled.error().line, 3);  // the `regex` value, not the [[rules]] header
  EXPECT_EQ(compiled.error().column, 9);
  EXPECT_NE(compiled.error().message.find("rule 'broken'"), std::string::npos);
}

TEST(CompiledRules, RejectsASecretGroupBeyondTheRegexGroups) {
  auto config = ParseConfig("[[rules]]\nid = \"g\"\nregex = '''a(b)c'''\nsecretGroup = 2\n", "g.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(CompiledRules::Compile(RuleSet(std::move(config.value().rules))).ok());
}

// Every rule of the default pack finds its examples and none of its negative
// examples (the same check as `vigil rules check --strict`).
TEST(DefaultPack, EveryRulePassesItsExamples) {
  auto rules = LoadDefaultRules();
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  if (rules.value().size() == 0) GTEST_SKIP() << "no default rules embedded";
  auto compiled = CompiledRules::Compile(std::move(rules).value());
  ASSERT_TRUE(compiled.ok()) << compiled.error().ToString();
  auto allowlists = AllowlistFilter::Create(compiled.value()->rules());
  ASSERT_TRUE(allowlists.ok()) << allowlists.error().ToString();
  RuleCheckOptions options;
  options.strict = true;
  options.keep = [&](const Finding& finding) { return allowlists.value()->Keep(finding); };
  for (const RuleCheckFailure& failure : CheckRules(compiled.value(), options)) {
    ADD_FAILURE() << failure.rule_id << ": " << failure.message;
  }
}

}  // namespace
}  // namespace vigil

namespace vigil {
namespace {

// A config that extends a precompiled pack: the pack's database serves the
// rules it has, one more database is compiled for the rest.
class PrecompiledBaseTest : public ::testing::Test {
 protected:
  static constexpr const char* kBase = R"toml(
[[rules]]
id = "alpha"
regex = '''\b(alp_[A-Za-z0-9]{24})\b'''

[[rules]]
id = "beta"
regex = '''\b(bet_[A-Za-z0-9]{24})\b'''
)toml";

  void SetUp() override {
    auto config = ParseConfig(kBase, "base.toml");
    ASSERT_TRUE(config.ok());
    base_ = RuleSet(std::move(config.value().rules));
    auto compiled = CompiledRules::Compile(base_);
    ASSERT_TRUE(compiled.ok());
    ASSERT_EQ(compiled.value()->databases().size(), 1u);
    std::vector<bool> prefilter(base_.size(), false);
    auto bytes = SerializeDatabase(CompiledRules::DatabaseKeyFor(base_),
                                   compiled.value()->databases()[0].database.get(), prefilter);
    ASSERT_TRUE(bytes.has_value());
    stored_ = *bytes;
  }

  Result<std::shared_ptr<const CompiledRules>> CompileOver(const std::string& toml) {
    auto config = ParseConfig(toml, "config.toml");
    EXPECT_TRUE(config.ok()) << config.error().ToString();
    PrecompiledPack pack = PrecompiledPack::Load(base_, stored_);
    CompileOptions options;
    options.precompiled = &pack;
    return CompiledRules::Compile(RuleSet(std::move(config.value().rules)), options);
  }

  RuleSet base_;
  std::string stored_;
};

TEST_F(PrecompiledBaseTest, SearchesKnownRulesWithItAndCompilesOnlyTheOthers) {
  // "alpha" kept as is, "beta" left out (disabled), "gamma" new.
  auto compiled = CompileOver(R"toml(
[[rules]]
id = "gamma"
regex = '''\b(gam_[A-Za-z0-9]{24})\b'''

[[rules]]
id = "alpha"
regex = '''\b(alp_[A-Za-z0-9]{24})\b'''
)toml");
  ASSERT_TRUE(compiled.ok()) << compiled.error().ToString();
  const auto& databases = compiled.value()->databases();
  ASSERT_EQ(databases.size(), 2u);
  EXPECT_EQ(databases[0].rule_of_id, (std::vector<uint32_t>{1, RuleDatabase::kNoRule}));  // alpha; beta gone
  EXPECT_EQ(databases[1].rule_of_id, (std::vector<uint32_t>{0}));                         // gamma
  std::string text = "a = alp_" + Body(24, 20) + "\nb = bet_" + Body(24, 21) + "\nc = gam_" + Body(24, 22) + "\n";
  std::vector<std::string> ids;
  for (const Finding& finding : ScanText(compiled.value(), text)) ids.push_back(finding.rule->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"alpha", "gamma"}));
}

TEST_F(PrecompiledBaseTest, ChecksAnOverridingRuleTheBuildDidNotCheck) {
  // Same Hyperscan pattern as the pack's "alpha", but a secretGroup its regex lacks.
  auto compiled = CompileOver(R"toml(
[[rules]]
id = "alpha"
regex = '''\b(alp_[A-Za-z0-9]{24})\b'''
secretGroup = 3
)toml");
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.error().message.find("rule 'alpha'"), std::string::npos) << compiled.error().ToString();
}

TEST_F(PrecompiledBaseTest, IgnoresAStoredDatabaseForOtherRules) {
  stored_ = "not a database";
  auto compiled = CompileOver(kBase);
  ASSERT_TRUE(compiled.ok());
  ASSERT_EQ(compiled.value()->databases().size(), 1u);  // compiled afresh
  EXPECT_EQ(compiled.value()->databases()[0].rule_of_id, (std::vector<uint32_t>{0, 1}));
}

}  // namespace
}  // namespace vigil

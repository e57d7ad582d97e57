// IgnoreFileFilter (.vigilignore, .gitleaksignore), BaselineFilter and
// FormatBaseline, and InlineIgnore, on findings built by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/fingerprint.h"
#include "filter/baseline.h"
#include "filter/ignore_file.h"
#include "filter/inline_ignore.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCommit = "3f2a9c41d07be5a8c6e1f4b2d9a07c35e81b64f0";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "vigil-ignore-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

RuleSet TestRules() {
  Rule github;
  github.id = "github-pat";
  github.regex = "x";
  Rule aws;
  aws.id = "aws-access-key-id";
  aws.regex = "y";
  return RuleSet({github, aws});
}

// A finding as the matcher makes it: the fingerprint hashes rule, path and
// secret; `line` only sets where it is.
Finding MakeFinding(const RuleSet& rules, const std::string& rule_id, const std::string& path,
                    const std::string& secret, int line, std::optional<std::string> commit = std::nullopt) {
  Finding finding;
  finding.rule = rules.Find(rule_id);
  EXPECT_NE(finding.rule, nullptr) << rule_id;
  finding.provenance.path = path;
  if (commit) {
    finding.provenance.kind = Provenance::Kind::kGit;
    GitOrigin git;
    git.commit = *commit;
    finding.provenance.git = git;
  }
  finding.secret = secret;
  finding.match = "token = \"" + secret + "\"";
  finding.line = "  " + finding.match;
  finding.secret_span = {100, 100 + secret.size(), line, 12, line, 11 + static_cast<int>(secret.size())};
  finding.match_span = {91, 101 + secret.size(), line, 3, line, 12 + static_cast<int>(secret.size())};
  finding.fingerprint = Fingerprint(rule_id, path, secret);
  return finding;
}

constexpr const char* kTokenA = "ghp_Zq8Lw2Nx5Rt7Vb3Km9Pd4Hf6Jc1Gs0Ya2Ue";
constexpr const char* kTokenB = "ghp_Mv3Qz9Tk1Wx6Bn4Rs8Ld2Fh7Jp5Gc0Ya3Ke";
constexpr const char* kKeyId = "AKIAQ3ZK7WMX5T2RLV4N";

// ---------------------------------------------------------------------------
// .vigilignore

TEST(IgnoreFileFilter, NewFilterIsEmptyAndKeepsEverything) {
  RuleSet rules = TestRules();
  IgnoreFileFilter filter;
  EXPECT_TRUE(filter.empty());
  EXPECT_EQ(filter.name(), "ignore file");
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "a.py", kTokenA, 1)));
}

TEST(IgnoreFileFilter, VigilIgnoreDropsListedFingerprints) {
  RuleSet rules = TestRules();
  Finding a = MakeFinding(rules, "github-pat", "src/a.py", kTokenA, 3);
  Finding b = MakeFinding(rules, "github-pat", "src/b.py", kTokenB, 8);
  IgnoreFileFilter filter;
  filter.AddVigilIgnore(a.fingerprint + "\n");
  EXPECT_FALSE(filter.empty());
  EXPECT_FALSE(filter.Keep(a));
  EXPECT_TRUE(filter.Keep(b));
}

TEST(IgnoreFileFilter, VigilIgnoreSkipsCommentsBlankLinesAndTrailingNotes) {
  RuleSet rules = TestRules();
  Finding commented = MakeFinding(rules, "github-pat", "a.py", kTokenA, 1);
  Finding noted = MakeFinding(rules, "github-pat", "b.py", kTokenB, 2);
  Finding tabbed = MakeFinding(rules, "aws-access-key-id", "c.env", kKeyId, 3);
  Finding hashed = MakeFinding(rules, "github-pat", "d.py", kTokenA, 4);
  Finding crlf = MakeFinding(rules, "aws-access-key-id", "e.env", kKeyId, 5);
  Finding unlisted = MakeFinding(rules, "github-pat", "f.py", kTokenB, 6);
  std::string text = "# Findings we have ruled out.\n"
                     "# " + commented.fingerprint + " was rotated, but keep reporting it\n"
                     "\n"
                     "   \n"
                     "  " + noted.fingerprint + "   github-pat  b.py  (test fixture)\n" +
                     tabbed.fingerprint + "\taws-access-key-id\tc.env\n" +
                     hashed.fingerprint + "# revoked 2024-05-01\n" +
                     crlf.fingerprint + "\r\n";
  IgnoreFileFilter filter;
  filter.AddVigilIgnore(text);
  EXPECT_TRUE(filter.Keep(commented));
  EXPECT_FALSE(filter.Keep(noted));
  EXPECT_FALSE(filter.Keep(tabbed));
  EXPECT_FALSE(filter.Keep(hashed));
  EXPECT_FALSE(filter.Keep(crlf));
  EXPECT_TRUE(filter.Keep(unlisted));
}

TEST(IgnoreFileFilter, VigilIgnoreMatchesAFindingWhoseLineMoved) {
  RuleSet rules = TestRules();
  IgnoreFileFilter filter;
  filter.AddVigilIgnore(MakeFinding(rules, "github-pat", "a.py", kTokenA, 3).fingerprint);  // no newline
  EXPECT_FALSE(filter.Keep(MakeFinding(rules, "github-pat", "a.py", kTokenA, 40)));
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "a.py", kTokenB, 3)));
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "copy/a.py", kTokenA, 3)));
}

TEST(IgnoreFileFilter, VigilIgnoreEntryOnlyNamingARuleOrPathIgnoresNothing) {
  RuleSet rules = TestRules();
  IgnoreFileFilter filter;
  filter.AddVigilIgnore("github-pat\na.py\n");
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "a.py", kTokenA, 1)));
}

// ---------------------------------------------------------------------------
// .gitleaksignore

TEST(IgnoreFileFilter, GitleaksIgnorePathRuleLine) {
  RuleSet rules = TestRules();
  IgnoreFileFilter filter;
  filter.AddGitleaksIgnore("# gitleaks fingerprints\nconfig/app.env:github-pat:3\n\nconfig/keys.env:aws-access-key-id:1\n");
  EXPECT_FALSE(filter.empty());
  EXPECT_FALSE(filter.Keep(MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 3)));
  EXPECT_FALSE(filter.Keep(MakeFinding(rules, "aws-access-key-id", "config/keys.env", kKeyId, 1)));
  // Another line, rule or path is another finding.
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 4)));
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "aws-access-key-id", "config/app.env", kKeyId, 3)));
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "config/app.env.bak", kTokenA, 3)));
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "app.env", kTokenA, 3)));
}

TEST(IgnoreFileFilter, GitleaksIgnoreEntryIsPathRuleAndLine) {
  RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 12);
  EXPECT_EQ(GitleaksFingerprint(finding), "config/app.env:github-pat:12");
  IgnoreFileFilter filter;
  filter.AddGitleaksIgnore(GitleaksFingerprint(finding));
  EXPECT_FALSE(filter.Keep(finding));
}

TEST(IgnoreFileFilter, GitleaksIgnoreCommitPathRuleLine) {
  RuleSet rules = TestRules();
  IgnoreFileFilter filter;
  filter.AddGitleaksIgnore(std::string(kCommit) + ":config/app.env:github-pat:3\n");
  Finding in_commit = MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 3, kCommit);
  EXPECT_EQ(GitleaksFingerprint(in_commit), std::string(kCommit) + ":config/app.env:github-pat:3");
  EXPECT_FALSE(filter.Keep(in_commit));
  // Same place in another commit, or the file on disk: not this entry.
  EXPECT_TRUE(filter.Keep(
      MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 3, "b81e07d5c3a94f26e0d1c8b7a5f3e2d4c6b9a180")));
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 3)));
}

TEST(IgnoreFileFilter, GitleaksIgnorePathEntryDoesNotMatchAGitFinding) {
  // gitleaks prefixes the commit to fingerprints of history findings, so a
  // path-only entry is for directory scans.
  RuleSet rules = TestRules();
  IgnoreFileFilter filter;
  filter.AddGitleaksIgnore("config/app.env:github-pat:3\n");
  EXPECT_TRUE(filter.Keep(MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 3, kCommit)));
}

TEST(IgnoreFileFilter, GitleaksIgnoreToleratesSurroundingBlanksAndCrlf) {
  RuleSet rules = TestRules();
  IgnoreFileFilter filter;
  filter.AddGitleaksIgnore("  config/app.env:github-pat:3  \r\n");
  EXPECT_FALSE(filter.Keep(MakeFinding(rules, "github-pat", "config/app.env", kTokenA, 3)));
}

TEST(IgnoreFileFilter, BothFilesApplyTogether) {
  RuleSet rules = TestRules();
  Finding by_fingerprint = MakeFinding(rules, "github-pat", "a.py", kTokenA, 1);
  Finding by_location = MakeFinding(rules, "aws-access-key-id", "b.env", kKeyId, 2);
  Finding neither = MakeFinding(rules, "github-pat", "c.py", kTokenB, 3);
  IgnoreFileFilter filter;
  filter.AddVigilIgnore(by_fingerprint.fingerprint + "\n");
  filter.AddGitleaksIgnore("b.env:aws-access-key-id:2\n");
  EXPECT_FALSE(filter.Keep(by_fingerprint));
  EXPECT_FALSE(filter.Keep(by_location));
  EXPECT_TRUE(filter.Keep(neither));
}

TEST(IgnoreFileFilter, LoadWithoutIgnoreFilesGivesAnEmptyFilter) {
  TempDir dir;
  auto filter = IgnoreFileFilter::Load(dir.path().string());
  ASSERT_TRUE(filter.ok()) << filter.error().ToString();
  EXPECT_TRUE(filter.value()->empty());
}

TEST(IgnoreFileFilter, LoadOfAMissingDirectoryIsNotAnError) {
  auto filter = IgnoreFileFilter::Load("/nonexistent/vigil-ignore-test");
  ASSERT_TRUE(filter.ok()) << filter.error().ToString();
  EXPECT_TRUE(filter.value()->empty());
}

TEST(IgnoreFileFilter, LoadReadsBothFilesAtTheRoot) {
  RuleSet rules = TestRules();
  Finding by_fingerprint = MakeFinding(rules, "github-pat", "src/a.py", kTokenA, 4);
  Finding by_location = MakeFinding(rules, "aws-access-key-id", "deploy/prod.env", kKeyId, 9);
  Finding neither = MakeFinding(rules, "github-pat", "src/b.py", kTokenB, 1);
  TempDir dir;
  dir.Write(".vigilignore", "# reviewed\n" + by_fingerprint.fingerprint + "  github-pat src/a.py\n");
  dir.Write(".gitleaksignore", "deploy/prod.env:aws-access-key-id:9\n");
  auto filter = IgnoreFileFilter::Load(dir.path().string());
  ASSERT_TRUE(filter.ok()) << filter.error().ToString();
  EXPECT_FALSE(filter.value()->empty());
  EXPECT_FALSE(filter.value()->Keep(by_fingerprint));
  EXPECT_FALSE(filter.value()->Keep(by_location));
  EXPECT_TRUE(filter.value()->Keep(neither));
}

TEST(IgnoreFileFilter, LoadReadsEitherFileAlone) {
  RuleSet rules = TestRules();
  Finding finding = MakeFinding(rules, "github-pat", "src/a.py", kTokenA, 4);
  {
    TempDir dir;
    dir.Write(".vigilignore", finding.fingerprint + "\n");
    auto filter = IgnoreFileFilter::Load(dir.path().string());
    ASSERT_TRUE(filter.ok()) << filter.error().ToString();
    EXPECT_FALSE(filter.value()->Keep(finding));
  }
  {
    TempDir dir;
    dir.Write(".gitleaksignore", "src/a.py:github-pat:4\n");
    auto filter = IgnoreFileFilter::Load(dir.path().string());
    ASSERT_TRUE(filter.ok()) << filter.error().ToString();
    EXPECT_FALSE(filter.value()->Keep(finding));
  }
}

TEST(IgnoreFileFilter, LoadOfFilesWithOnlyCommentsGivesAnEmptyFilter) {
  TempDir dir;
  dir.Write(".vigilignore", "# nothing yet\n\n");
  dir.Write(".gitleaksignore", "");
  auto filter = IgnoreFileFilter::Load(dir.path().string());
  ASSERT_TRUE(filter.ok()) << filter.error().ToString();
  EXPECT_TRUE(filter.value()->empty());
}

// ---------------------------------------------------------------------------
// Baselines

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t end = line.find(separator, start);
    fields.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

std::vector<Finding> SampleFindings(const RuleSet& rules) {
  return {MakeFinding(rules, "github-pat", "src/z.py", kTokenA, 7),
          MakeFinding(rules, "aws-access-key-id", "config/prod.env", kKeyId, 2),
          MakeFinding(rules, "github-pat", "config/prod.env", kTokenB, 5),
          MakeFinding(rules, "github-pat", "config/prod.env", kTokenA, 1),
          MakeFinding(rules, "aws-access-key-id", "src/a.py", kKeyId, 30)};
}

TEST(FormatBaseline, StartsWithACommentHeader) {
  RuleSet rules = TestRules();
  std::vector<std::string> lines = Lines(FormatBaseline(SampleFindings(rules)));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("# vigil baseline", 0), 0u) << lines[0];
  EXPECT_EQ(Lines(FormatBaseline({})).size(), 2u);  // header only
  for (const std::string& line : Lines(FormatBaseline({}))) EXPECT_EQ(line[0], '#') << line;
}

TEST(FormatBaseline, OneEntryPerFindingSortedByPathRuleAndFingerprint) {
  RuleSet rules = TestRules();
  std::vector<Finding> findings = SampleFindings(rules);
  std::string text = FormatBaseline(findings);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  std::vector<std::vector<std::string>> entries;
  for (const std::string& line : Lines(text)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = Split(line, '\t');
    ASSERT_EQ(fields.size(), 3u) << line;
    entries.push_back({fields[2], fields[1], fields[0]});  // path, rule, fingerprint
  }
  ASSERT_EQ(entries.size(), findings.size());
  EXPECT_TRUE(std::is_sorted(entries.begin(), entries.end()));
  EXPECT_EQ(entries.front()[0], "config/prod.env");
  EXPECT_EQ(entries.front()[1], "aws-access-key-id");
  EXPECT_EQ(entries.back()[0], "src/z.py");
  for (const Finding& finding : findings) {
    std::vector<std::string> expected{finding.provenance.path, finding.rule->id, finding.fingerprint};
    EXPECT_NE(std::find(entries.begin(), entries.end(), expected), entries.end()) << finding.provenance.path;
  }
}

TEST(FormatBaseline, HoldsNoSecretAndNoLineNumber) {
  RuleSet rules = TestRules();
  std::string text = FormatBaseline(SampleFindings(rules));
  for (const char* secret : {kTokenA, kTokenB, kKeyId}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
    EXPECT_EQ(text.find(std::string(secret).substr(4, 12)), std::string::npos) << secret;
  }
  // Every entry is exactly fingerprint, rule, path: nothing else to hold a line.
  for (const std::string& line : Lines(text)) {
    if (line[0] == '#') continue;
    std::vector<std::string> fields = Split(line, '\t');
    ASSERT_EQ(fields.size(), 3u) << line;
    EXPECT_EQ(fields[0].size(), 32u) << line;
    EXPECT_EQ(fields[0].find_first_not_of("0123456789abcdef"), std::string::npos) << line;
    EXPECT_EQ(line.find(':'), std::string::npos) << line;
  }
  // Moving every finding to other lines gives the same file.
  std::vector<Finding> moved = SampleFindings(rules);
  for (Finding& finding : moved) {
    finding.secret_span.start_line += 17;
    finding.secret_span.end_line += 17;
    finding.match_span.start_line += 17;
    finding.match_span.end_line += 17;
  }
  EXPECT_EQ(FormatBaseline(moved), text);
}

TEST(FormatBaseline, IsStableUnderReorderingAndDuplicates) {
  RuleSet rules = TestRules();
  std::vector<Finding> findings = SampleFindings(rules);
  std::string text = FormatBaseline(findings);
  std::vector<Finding> reversed(findings.rbegin(), findings.rend());
  EXPECT_EQ(FormatBaseline(reversed), text);
  std::vector<Finding> rotated = findings;
  std::rotate(rotated.begin(), rotated.begin() + 2, rotated.end());
  EXPECT_EQ(FormatBaseline(rotated), text);
  std::vector<Finding> doubled = findings;
  doubled.push_back(findings[1]);
  doubled.push_back(findings[3]);
  EXPECT_EQ(FormatBaseline(doubled), text);
}

TEST(FormatBaseline, EscapesTabsAndNewlinesInPaths) {
  RuleSet rules = TestRules();
  Finding tabbed = MakeFinding(rules, "github-pat", "odd\tdir/a.py", kTokenA, 1);
  Finding newline = MakeFinding(rules, "github-pat", "odd\ndir/b.py", kTokenB, 1);
  std::string text = FormatBaseline({tabbed, newline});
  std::vector<std::string> entries;
  for (const std::string& line : Lines(text)) {
    if (line[0] != '#') entries.push_back(line);
  }
  ASSERT_EQ(entries.size(), 2u) << text;
  EXPECT_NE(text.find(tabbed.fingerprint + "\tgithub-pat\todd\\tdir/a.py\n"), std::string::npos) << text;
  EXPECT_NE(text.find(newline.fingerprint + "\tgithub-pat\todd\\ndir/b.py\n"), std::string::npos) << text;
  // The escaped entries still read back as their fingerprints.
  auto baseline = BaselineFilter::Parse(text);
  EXPECT_EQ(baseline->size(), 2u);
  EXPECT_FALSE(baseline->Keep(tabbed));
  EXPECT_FALSE(baseline->Keep(newline));
}

TEST(BaselineFilter, ParseReadsFingerprintsAndSkipsCommentsAndBlankLines) {
  RuleSet rules = TestRules();
  std::vector<Finding> findings = SampleFindings(rules);
  auto baseline = BaselineFilter::Parse(FormatBaseline(findings) + "\n\n# trailing comment\n");
  EXPECT_EQ(baseline->name(), "baseline");
  EXPECT_EQ(baseline->size(), findings.size());
  for (const Finding& finding : findings) EXPECT_FALSE(baseline->Keep(finding)) << finding.provenance.path;
}

TEST(BaselineFilter, EmptyBaselineKeepsEverything) {
  RuleSet rules = TestRules();
  auto baseline = BaselineFilter::Parse(FormatBaseline({}));
  EXPECT_EQ(baseline->size(), 0u);
  EXPECT_TRUE(baseline->Keep(MakeFinding(rules, "github-pat", "a.py", kTokenA, 1)));
}

TEST(BaselineFilter, AFindingWhoseLineMovedStillMatches) {
  RuleSet rules = TestRules();
  Finding before = MakeFinding(rules, "github-pat", "src/app.py", kTokenA, 3);
  auto baseline = BaselineFilter::Parse(FormatBaseline({before}));
  Finding after = MakeFinding(rules, "github-pat", "src/app.py", kTokenA, 8);
  EXPECT_EQ(after.fingerprint, before.fingerprint);
  EXPECT_FALSE(baseline->Keep(after));
}

TEST(BaselineFilter, ADifferentSecretOnTheSameLineIsNew) {
  RuleSet rules = TestRules();
  auto baseline = BaselineFilter::Parse(FormatBaseline({MakeFinding(rules, "github-pat", "src/app.py", kTokenA, 3)}));
  Finding other = MakeFinding(rules, "github-pat", "src/app.py", kTokenB, 3);
  EXPECT_TRUE(baseline->Keep(other));
}

TEST(BaselineFilter, TheSameSecretInAnotherFileOrUnderAnotherRuleIsNew) {
  RuleSet rules = TestRules();
  auto baseline = BaselineFilter::Parse(FormatBaseline({MakeFinding(rules, "github-pat", "src/app.py", kTokenA, 3)}));
  EXPECT_TRUE(baseline->Keep(MakeFinding(rules, "github-pat", "src/copy.py", kTokenA, 3)));
  EXPECT_TRUE(baseline->Keep(MakeFinding(rules, "aws-access-key-id", "src/app.py", kTokenA, 3)));
}

TEST(BaselineFilter, LoadReadsAFileAndFailsOnAMissingOne) {
  RuleSet rules = TestRules();
  std::vector<Finding> findings = SampleFindings(rules);
  TempDir dir;
  dir.Write("base.txt", FormatBaseline(findings));
  auto loaded = BaselineFilter::Load((dir.path() / "base.txt").string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded.value()->size(), findings.size());
  EXPECT_FALSE(loaded.value()->Keep(findings[0]));
  EXPECT_TRUE(loaded.value()->Keep(MakeFinding(rules, "github-pat", "new.py", kTokenA, 1)));

  std::string missing = (dir.path() / "missing.txt").string();
  auto failed = BaselineFilter::Load(missing);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().file, missing);
  EXPECT_NE(failed.error().message.find("baseline"), std::string::npos) << failed.error().ToString();
}

// ---------------------------------------------------------------------------
// Inline markers

TEST(InlineIgnore, EachMarkerOnTheSecretsLineSuppresses) {
  RuleSet rules = TestRules();
  InlineIgnore filter;
  EXPECT_EQ(filter.name(), "inline ignore");
  for (const char* suffix : {"  # vigil:allow", "  // gitleaks:allow", "  # pragma: allowlist secret",
                             " /* vigil:allow -- rotated */"}) {
    Finding finding = MakeFinding(rules, "github-pat", "a.py", kTokenA, 1);
    finding.line += suffix;
    EXPECT_FALSE(filter.Keep(finding)) << suffix;
  }
}

TEST(InlineIgnore, LineWithoutAMarkerIsKept) {
  RuleSet rules = TestRules();
  InlineIgnore filter;
  for (const char* suffix : {"", "  # vigil allow", "  # gitleaks: allow", "  # pragma: allowlist",
                             "  # allowlist secret"}) {
    Finding finding = MakeFinding(rules, "github-pat", "a.py", kTokenA, 1);
    finding.line += suffix;
    EXPECT_TRUE(filter.Keep(finding)) << suffix;
  }
}

TEST(InlineIgnore, MarkerOnTheLastLineOfAMultiLineMatchSuppresses) {
  RuleSet rules = TestRules();
  InlineIgnore filter;
  Finding key = MakeFinding(rules, "github-pat", "id_rsa", kTokenA, 1);
  key.line = "-----BEGIN RSA PRIVATE KEY-----";
  key.match = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
  key.end_line = "-----END RSA PRIVATE KEY----- # gitleaks:allow";
  EXPECT_FALSE(filter.Keep(key));
  key.end_line = "-----END RSA PRIVATE KEY-----";
  EXPECT_TRUE(filter.Keep(key));
  key.line = "-----BEGIN RSA PRIVATE KEY----- # vigil:allow";
  EXPECT_FALSE(filter.Keep(key));
}

TEST(HasAllowMarker, FindsTheThreeMarkersAnywhereOnTheLine) {
  EXPECT_TRUE(HasAllowMarker("vigil:allow"));
  EXPECT_TRUE(HasAllowMarker("token = 'x'  # gitleaks:allow"));
  EXPECT_TRUE(HasAllowMarker("password = 'hunter2'  # pragma: allowlist secret"));
  EXPECT_TRUE(HasAllowMarker("<!-- vigil:allow --> key"));
  EXPECT_FALSE(HasAllowMarker(""));
  EXPECT_FALSE(HasAllowMarker("token = 'x'  # allow"));
  EXPECT_FALSE(HasAllowMarker("vigil: allow"));
  EXPECT_FALSE(HasAllowMarker("pragma: allowlist"));
}

}  // namespace
}  // namespace vigil

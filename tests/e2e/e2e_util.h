// Helpers for end-to-end tests: they run the built `vigil` binary (and `git`)
// as child processes on temporary trees, and build fake credentials at test
// time so the repository itself holds nothing credential-shaped.
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <map>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace e2e {

// ---------------------------------------------------------------------------
// Temporary directories and files

// A fresh directory under /tmp (mkdtemp), removed with everything in it when
// the object goes out of scope. Permissions are restored first, so a test may
// leave chmod 000 files behind.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // `relative` under this directory, as a string.
  std::string Sub(std::string_view relative) const;
  // Writes `content` to `relative`, creating parent directories.
  std::string Write(std::string_view relative, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

// Writes `content` to `path` byte for byte, creating parent directories.
void WriteFile(const std::filesystem::path& path, std::string_view content);
std::string ReadFile(const std::filesystem::path& path);

// ---------------------------------------------------------------------------
// Child processes

struct RunOptions {
  std::string stdin_data;                        // written to the child's stdin, then closed
  std::string working_dir;                       // empty: the test's own
  std::map<std::string, std::string> env;        // set (or replace) in the child's environment
  int timeout_seconds = 120;                     // the child is killed after this long
};

struct RunResult {
  int exit_code = -1;      // -1 when the child did not exit normally
  int signal = 0;          // the signal that ended the child, if any
  bool timed_out = false;
  std::string out;
  std::string err;

  bool exited() const { return exit_code >= 0; }
};

// Runs `program` (a path, or a name looked up in PATH) with `args`, without a
// shell. stdin, stdout and stderr are pipes, served with poll() so large
// outputs cannot deadlock.
RunResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                     const RunOptions& options = {});

// The vigil binary under test (VIGIL_BINARY).
std::string VigilPath();
RunResult RunVigil(const std::vector<std::string>& args, const RunOptions& options = {});

// gtest-friendly description of a run, for failure messages.
std::string Describe(const RunResult& result);

// Runs git in `repo` with a clean config (no global or system files). A
// failing git command fails the calling test through ADD_FAILURE.
RunResult Git(const std::filesystem::path& repo, const std::vector<std::string>& args);
// `git init -q` plus a local user name and email.
void InitGitRepo(const std::filesystem::path& repo);
// Stages everything and commits.
void CommitAll(const std::filesystem::path& repo, const std::string& message);

// ---------------------------------------------------------------------------
// Fake credentials

// True for strings a scanner would dismiss as placeholders: words such as
// "example" or "xxxx", one character repeated, a short unit repeated, or six
// sequential characters ("abcdef", "123456", or the same descending).
bool LooksLikePlaceholder(std::string_view text);

// Builds well-formed but random credentials from a seeded RNG: the same seed
// gives the same values, so a failure can be replayed. Outputs that look like
// placeholders are regenerated.
class FakeSecrets {
 public:
  explicit FakeSecrets(uint64_t seed) : rng_(seed) {}

  std::string GithubPat();          // ghp_ + 36 base62
  std::string AwsAccessKeyId();     // AKIA + 16 of [A-Z2-7]
  std::string StripeLiveKey();      // sk_live_ + 24 base62
  std::string SlackBotToken();      // xoxb-<10-13 digits>-<10-13 digits>-<24 base62>
  std::string RsaPrivateKeyPem();   // BEGIN/END RSA PRIVATE KEY around 64-char base64 lines
  std::string PostgresPassword();   // 20 base62
  // postgresql://<user>:<password>@<host>:5432/<db>
  std::string PostgresUri(const std::string& password);

  std::string Base62(size_t length);
  std::string Digits(size_t length);
  // Lower-case letters, for names and filler words.
  std::string Word(size_t length);

 private:
  std::string Draw(std::string_view alphabet, size_t length);
  // Calls `make` until its result does not look like a placeholder.
  template <typename Make>
  std::string Fresh(Make make);

  std::mt19937_64 rng_;
};

// ---------------------------------------------------------------------------
// Rules written by the tests

// Rule ids of TestRulesToml(), one per fake credential kind.
inline constexpr std::string_view kGithubRule = "test-github-pat";
inline constexpr std::string_view kAwsRule = "test-aws-access-key";
inline constexpr std::string_view kStripeRule = "test-stripe-live";
inline constexpr std::string_view kSlackRule = "test-slack-bot";
inline constexpr std::string_view kPrivateKeyRule = "test-rsa-private-key";
inline constexpr std::string_view kPostgresRule = "test-postgres-password";

// A rules file (gitleaks-style TOML) with one exact rule per fake credential
// kind; the Postgres rule's secret is the password only. No examples.
std::string TestRulesToml();
std::vector<std::string> TestRuleIds();

// ---------------------------------------------------------------------------
// Expected findings and JSON reports

// Where a finding is, as a report gives it.
struct Location {
  std::string rule_id;
  std::string path;
  int line = 0;
  int column = 0;

  auto operator<=>(const Location&) const = default;
};
void PrintTo(const Location& location, std::ostream* out);

// Number of Unicode code points in valid UTF-8 `text` (bytes that are not
// continuation bytes).
int CodePoints(std::string_view text);

// Builds a file line by line and remembers where planted secrets land, so a
// test knows the line and column a report must give.
class PlantedFile {
 public:
  explicit PlantedFile(std::string path) : path_(std::move(path)) {}

  PlantedFile& Line(std::string_view text);
  // Adds `before + secret + after` (which may span lines when `secret` does)
  // and expects `rule_id` to report `secret` where it starts.
  PlantedFile& Secret(std::string_view before, std::string_view secret, std::string_view after,
                      std::string_view rule_id);

  const std::string& path() const { return path_; }
  const std::string& content() const { return content_; }
  const std::vector<Location>& expected() const { return expected_; }
  const std::vector<std::string>& secrets() const { return secrets_; }

 private:
  void Append(std::string_view text);

  std::string path_;
  std::string content_;
  int next_line_ = 1;
  std::vector<Location> expected_;
  std::vector<std::string> secrets_;
};

// Parses a report; a parse error fails the calling test and gives null.
nlohmann::json ParseJson(const std::string& text);
// The locations of the findings of a `--format json` document, sorted.
std::vector<Location> LocationsOf(const nlohmann::json& report);
// Same for one finding object (json or jsonl).
Location LocationOf(const nlohmann::json& finding);
// The stats.skipped count for `reason` (0 when absent).
uint64_t SkippedCount(const nlohmann::json& report, const std::string& reason);

// Expected locations of several planted files, sorted.
std::vector<Location> ExpectedOf(const std::vector<PlantedFile>& files);

// ---------------------------------------------------------------------------
// Fixture

// Seed for FakeSecrets: VIGIL_E2E_SEED when set, else a fixed value, mixed
// with the running test's name so tests get different but replayable secrets.
uint64_t TestSeed();

// A temporary directory holding rules.toml (TestRulesToml) and tree/, the
// directory the scans look at. Scans run with tree/ as working directory and
// scan ".", so reported paths are relative ("app/config.py").
class VigilTest : public ::testing::Test {
 protected:
  VigilTest();

  // tree/ or a path under it.
  std::string Tree(std::string_view relative = "") const;
  std::string WriteTree(std::string_view relative, std::string_view content) const;
  void Plant(const PlantedFile& file) const;
  const std::string& rules_path() const { return rules_path_; }

  // `vigil scan . --config <rules.toml> args...` in tree/.
  RunResult Scan(const std::vector<std::string>& args = {}, const RunOptions& options = {}) const;
  // Scan with `--format json` added; expects exit 0 or 1 and a JSON document.
  nlohmann::json ScanJson(const std::vector<std::string>& args = {}, RunResult* run = nullptr) const;

  TempDir temp_;
  FakeSecrets fakes_;

 private:
  std::string rules_path_;
};

}  // namespace e2e

#include "e2e/e2e_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

extern char** environ;

namespace e2e {
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// Temporary directories and files

namespace {

// Gives the owner full access to everything under `root`, so it can be removed
// even when a test made parts of it unreadable.
void RestorePermissions(const fs::path& root) {
  std::error_code error;
  fs::permissions(root, fs::perms::owner_all, fs::perm_options::add, error);
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    if (it->is_symlink(error)) continue;
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
    error.clear();
  }
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = "/tmp/vigil-e2e-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(std::string("mkdtemp failed: ") + std::strerror(errno));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  RestorePermissions(path_);
  std::error_code error;
  fs::remove_all(path_, error);
}

std::string TempDir::Sub(std::string_view relative) const { return (path_ / relative).string(); }

std::string TempDir::Write(std::string_view relative, std::string_view content) const {
  fs::path target = path_ / relative;
  WriteFile(target, content);
  return target.string();
}

void WriteFile(const fs::path& path, std::string_view content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// ---------------------------------------------------------------------------
// Child processes

namespace {

// A pipe whose ends close themselves.
class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_.data(), O_CLOEXEC) != 0) {
      throw std::runtime_error(std::string("pipe2 failed: ") + std::strerror(errno));
    }
  }
  ~Pipe() {
    CloseRead();
    CloseWrite();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void CloseRead() { Close(fds_[0]); }
  void CloseWrite() { Close(fds_[1]); }

 private:
  static void Close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  std::array<int, 2> fds_{-1, -1};
};

void SetNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// `program` when it holds a '/', else the first executable of that name on PATH.
std::string ResolveProgram(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path_env = std::getenv("PATH");
  std::string path = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return program;  // exec fails and the child reports it
}

std::vector<std::string> BuildEnvironment(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    merged[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  for (const auto& [name, value] : overrides) merged[name] = value;
  std::vector<std::string> env;
  for (const auto& [name, value] : merged) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> PointersTo(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Appends what can be read now from `fd`; false once the writer has closed it.
bool Drain(int fd, std::string& sink) {
  std::array<char, 65536> buffer{};
  while (true) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got > 0) {
      sink.append(buffer.data(), static_cast<size_t>(got));
      continue;
    }
    if (got == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

void IgnoreSigpipeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace

RunResult RunProgram(const std::string& program, const std::vector<std::string>& args,
                     const RunOptions& options) {
  IgnoreSigpipeOnce();
  // Everything the child needs is built before fork: after it, only
  // async-signal-safe calls.
  const std::string executable = ResolveProgram(program);
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = PointersTo(argv_strings);
  std::vector<std::string> env_strings = BuildEnvironment(options.env);
  std::vector<char*> envp = PointersTo(env_strings);
  const char* working_dir = options.working_dir.empty() ? nullptr : options.working_dir.c_str();

  Pipe in;
  Pipe out;
  Pipe err;
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    ::dup2(in.read_end(), STDIN_FILENO);
    ::dup2(out.write_end(), STDOUT_FILENO);
    ::dup2(err.write_end(), STDERR_FILENO);
    if (working_dir != nullptr && ::chdir(working_dir) != 0) {
      constexpr char kMessage[] = "e2e: chdir failed\n";
      (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
      ::_exit(126);
    }
    ::execve(executable.c_str(), argv.data(), envp.data());
    constexpr char kMessage[] = "e2e: exec failed\n";
    (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(127);
  }
  in.CloseRead();
  out.CloseWrite();
  err.CloseWrite();
  SetNonBlocking(in.write_end());
  SetNonBlocking(out.read_end());
  SetNonBlocking(err.read_end());

  RunResult result;
  size_t written = 0;
  if (options.stdin_data.empty()) in.CloseWrite();
  bool out_open = true;
  bool err_open = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
  while (out_open || err_open || in.write_end() >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      result.timed_out = true;
      break;
    }
    std::vector<pollfd> polled;
    if (in.write_end() >= 0) polled.push_back({in.write_end(), POLLOUT, 0});
    if (out_open) polled.push_back({out.read_end(), POLLIN, 0});
    if (err_open) polled.push_back({err.read_end(), POLLIN, 0});
    int ready = ::poll(polled.data(), polled.size(), static_cast<int>(std::min<long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    if (ready <= 0) continue;
    for (const pollfd& entry : polled) {
      if (entry.revents == 0) continue;
      if (entry.fd == in.write_end()) {
        ssize_t sent = ::write(entry.fd, options.stdin_data.data() + written, options.stdin_data.size() - written);
        if (sent > 0) written += static_cast<size_t>(sent);
        bool broken = sent < 0 && errno != EAGAIN && errno != EINTR;
        if (broken || written == options.stdin_data.size()) in.CloseWrite();
      } else if (entry.fd == out.read_end()) {
        out_open = Drain(entry.fd, result.out);
      } else if (entry.fd == err.read_end()) {
        err_open = Drain(entry.fd, result.err);
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

std::string VigilPath() { return VIGIL_BINARY; }

RunResult RunVigil(const std::vector<std::string>& args, const RunOptions& options) {
  // libgit2 reads the user's global git config and excludes file from HOME
  // and XDG_CONFIG_HOME; an empty home keeps a developer's setup out of the tests.
  static const TempDir empty_home;
  RunOptions hermetic = options;
  hermetic.env.try_emplace("HOME", empty_home.str());
  hermetic.env.try_emplace("XDG_CONFIG_HOME", empty_home.Sub(".config"));
  hermetic.env.try_emplace("NO_COLOR", "1");
  return RunProgram(VigilPath(), args, hermetic);
}

std::string Describe(const RunResult& result) {
  std::ostringstream text;
  text << "exit code " << result.exit_code;
  if (result.signal != 0) text << ", killed by signal " << result.signal;
  if (result.timed_out) text << ", timed out";
  constexpr size_t kShown = 4000;
  text << "\n--- stdout ---\n" << result.out.substr(0, kShown) << (result.out.size() > kShown ? "..." : "");
  text << "\n--- stderr ---\n" << result.err.substr(0, kShown) << (result.err.size() > kShown ? "..." : "");
  return text.str();
}

RunResult Git(const fs::path& repo, const std::vector<std::string>& args) {
  RunOptions options;
  options.working_dir = repo.string();
  options.env = {{"GIT_CONFIG_GLOBAL", "/dev/null"},
                 {"GIT_CONFIG_NOSYSTEM", "1"},
                 {"GIT_TERMINAL_PROMPT", "0"}};
  RunResult result = RunProgram("git", args, options);
  if (result.exit_code != 0) {
    std::string command = "git";
    for (const std::string& arg : args) command += " " + arg;
    ADD_FAILURE() << command << " failed in " << repo << ": " << Describe(result);
  }
  return result;
}

void InitGitRepo(const fs::path& repo) {
  fs::create_directories(repo);
  Git(repo, {"init", "-q"});
  Git(repo, {"config", "user.name", "Vigil Tests"});
  Git(repo, {"config", "user.email", "tests@vigil.invalid"});
  Git(repo, {"config", "commit.gpgsign", "false"});
}

void CommitAll(const fs::path& repo, const std::string& message) {
  Git(repo, {"add", "-A"});
  Git(repo, {"commit", "-q", "-m", message});
}

// ---------------------------------------------------------------------------
// Fake credentials

namespace {

constexpr std::string_view kBase62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kBase32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";

// Words that make a scanner (ours or another) call a value a placeholder.
constexpr std::array<std::string_view, 20> kPlaceholderWords = {
    "example", "changeme", "change_me", "change-me", "placeholder", "your_", "your-",
    "yourkey", "yoursecret", "yourtoken", "dummy", "sample", "redacted", "xxxx",
    "test", "fake", "${", "{{", "%(", "<"};

std::string Lowered(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool HasSequentialRun(std::string_view text, int step) {
  constexpr int kRun = 6;
  int run = 1;
  for (size_t i = 1; i < text.size(); ++i) {
    bool next = IsAsciiAlnum(text[i]) && IsAsciiAlnum(text[i - 1]) && text[i] - text[i - 1] == step;
    run = next ? run + 1 : 1;
    if (run >= kRun) return true;
  }
  return false;
}

bool IsShortUnitRepeated(std::string_view text) {
  if (text.size() < 2) return false;
  for (size_t unit = 1; unit <= 4 && unit * 2 <= text.size(); ++unit) {
    bool repeated = true;
    for (size_t i = unit; i < text.size() && repeated; ++i) repeated = text[i] == text[i - unit];
    if (repeated) return true;
  }
  return false;
}

}  // namespace

bool LooksLikePlaceholder(std::string_view text) {
  std::string lower = Lowered(text);
  for (std::string_view word : kPlaceholderWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return IsShortUnitRepeated(text) || HasSequentialRun(text, 1) || HasSequentialRun(text, -1);
}

std::string FakeSecrets::Draw(std::string_view alphabet, size_t length) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string text;
  text.reserve(length);
  for (size_t i = 0; i < length; ++i) text += alphabet[pick(rng_)];
  return text;
}

template <typename Make>
std::string FakeSecrets::Fresh(Make make) {
  constexpr int kAttempts = 1000;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    std::string candidate = make();
    if (!LooksLikePlaceholder(candidate)) return candidate;
  }
  throw std::runtime_error("FakeSecrets: every candidate looked like a placeholder");
}

std::string FakeSecrets::Base62(size_t length) {
  return Fresh([&] { return Draw(kBase62, length); });
}

std::string FakeSecrets::Digits(size_t length) {
  return Fresh([&] { return Draw(kDigits.substr(1), 1) + Draw(kDigits, length - 1); });
}

std::string FakeSecrets::Word(size_t length) {
  return Fresh([&] { return Draw(kLower, length); });
}

std::string FakeSecrets::GithubPat() {
  return Fresh([&] { return "ghp_" + Draw(kBase62, 36); });
}

std::string FakeSecrets::AwsAccessKeyId() {
  return Fresh([&] { return "AKIA" + Draw(kBase32Upper, 16); });
}

std::string FakeSecrets::StripeLiveKey() {
  return Fresh([&] { return "sk_live_" + Draw(kBase62, 24); });
}

std::string FakeSecrets::SlackBotToken() {
  return Fresh([&] {
    std::uniform_int_distribution<size_t> length(10, 13);
    std::string first = Draw(kDigits.substr(1), 1) + Draw(kDigits, length(rng_) - 1);
    std::string second = Draw(kDigits.substr(1), 1) + Draw(kDigits, length(rng_) - 1);
    return "xoxb-" + first + "-" + second + "-" + Draw(kBase62, 24);
  });
}

std::string FakeSecrets::RsaPrivateKeyPem() {
  return Fresh([&] {
    constexpr int kFullLines = 12;
    std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n";
    pem += "MIIEow" + Draw(kBase64, 58) + "\n";  // the DER prefix of a 2048-bit key
    for (int line = 0; line < kFullLines; ++line) pem += Draw(kBase64, 64) + "\n";
    pem += Draw(kBase64, 42) + "==\n";
    pem += "-----END RSA PRIVATE KEY-----";
    return pem;
  });
}

std::string FakeSecrets::PostgresPassword() {
  return Fresh([&] { return Draw(kBase62, 20); });
}

std::string FakeSecrets::PostgresUri(const std::string& password) {
  return "postgresql://orders_" + Word(5) + ":" + password + "@db-" + Word(6) + ".internal:5432/orders";
}

// ---------------------------------------------------------------------------
// Rules written by the tests

std::string TestRulesToml() {
  std::string toml;
  auto rule = [&](std::string_view id, std::string_view regex, std::string_view keyword,
                  std::string_view severity, std::string_view extra) {
    toml += "[[rules]]\n";
    toml += "id = \"" + std::string(id) + "\"\n";
    toml += "description = \"Test rule " + std::string(id) + "\"\n";
    toml += "regex = '''" + std::string(regex) + "'''\n";
    toml += "keywords = [\"" + std::string(keyword) + "\"]\n";
    toml += "severity = \"" + std::string(severity) + "\"\n";
    toml += "tags = [\"e2e\"]\n";
    toml += extra;
    toml += "\n";
  };
  toml += "# Written by the end-to-end tests.\n";
  rule(kGithubRule, R"(\b(ghp_[A-Za-z0-9]{36})\b)", "ghp_", "high", "");
  rule(kAwsRule, R"(\b(AKIA[A-Z2-7]{16})\b)", "akia", "critical", "");
  rule(kStripeRule, R"(\b(sk_live_[A-Za-z0-9]{24,99})\b)", "sk_live_", "high", "");
  rule(kSlackRule, R"(\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24})\b)", "xoxb-", "high", "");
  rule(kPrivateKeyRule,
       R"((-----BEGIN RSA PRIVATE KEY-----[A-Za-z0-9+/=\s]{64,}-----END RSA PRIVATE KEY-----))",
       "private key", "critical", "");
  rule(kPostgresRule, R"(postgres(?:ql)?://[A-Za-z0-9_.-]+:([^@\s/:]{8,})@[A-Za-z0-9_.-]+)", "postgres",
       "medium", "secretGroup = 1\nentropy = 3.0\n");
  return toml;
}

std::vector<std::string> TestRuleIds() {
  return {std::string(kGithubRule), std::string(kAwsRule),        std::string(kStripeRule),
          std::string(kSlackRule),  std::string(kPrivateKeyRule), std::string(kPostgresRule)};
}

// ---------------------------------------------------------------------------
// Expected findings and JSON reports

void PrintTo(const Location& location, std::ostream* out) {
  *out << "{" << location.rule_id << " at " << location.path << ":" << location.line << ":" << location.column
       << "}";
}

int CodePoints(std::string_view text) {
  return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void PlantedFile::Append(std::string_view text) {
  content_ += text;
  content_ += '\n';
  next_line_ += 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

PlantedFile& PlantedFile::Line(std::string_view text) {
  Append(text);
  return *this;
}

PlantedFile& PlantedFile::Secret(std::string_view before, std::string_view secret, std::string_view after,
                                 std::string_view rule_id) {
  size_t last_newline = before.rfind('\n');
  int line = next_line_ + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  std::string_view same_line = last_newline == std::string_view::npos ? before : before.substr(last_newline + 1);
  expected_.push_back(Location{std::string(rule_id), path_, line, CodePoints(same_line) + 1});
  secrets_.emplace_back(secret);
  Append(std::string(before) + std::string(secret) + std::string(after));
  return *this;
}

nlohmann::json ParseJson(const std::string& text) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    ADD_FAILURE() << "not valid JSON:\n" << text.substr(0, 4000);
    return nullptr;
  }
  return parsed;
}

Location LocationOf(const nlohmann::json& finding) {
  return Location{finding.value("rule_id", std::string()), finding.value("path", std::string()),
                  finding.value("start_line", 0), finding.value("start_column", 0)};
}

std::vector<Location> LocationsOf(const nlohmann::json& report) {
  std::vector<Location> locations;
  if (!report.is_object() || !report.contains("findings")) {
    ADD_FAILURE() << "report has no findings array: " << report.dump().substr(0, 2000);
    return locations;
  }
  for (const nlohmann::json& finding : report["findings"]) locations.push_back(LocationOf(finding));
  std::sort(locations.begin(), locations.end());
  return locations;
}

uint64_t SkippedCount(const nlohmann::json& report, const std::string& reason) {
  if (!report.is_object() || !report.contains("stats")) return 0;
  const nlohmann::json& skipped = report["stats"]["skipped"];
  if (!skipped.is_object() || !skipped.contains(reason)) return 0;
  return skipped[reason].get<uint64_t>();
}

std::vector<Location> ExpectedOf(const std::vector<PlantedFile>& files) {
  std::vector<Location> expected;
  for (const PlantedFile& file : files) {
    expected.insert(expected.end(), file.expected().begin(), file.expected().end());
  }
  std::sort(expected.begin(), expected.end());
  return expected;
}

// ---------------------------------------------------------------------------
// Fixture

uint64_t TestSeed() {
  uint64_t seed = 0x5EED'2024'0601ULL;
  if (const char* text = std::getenv("VIGIL_E2E_SEED"); text != nullptr && *text != '\0') {
    seed = std::strtoull(text, nullptr, 0);
  }
  std::string name;
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info(); info != nullptr) {
    name = std::string(info->test_suite_name()) + "." + info->name();
  }
  // FNV-1a: stable across standard libraries, unlike std::hash.
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return seed ^ hash;
}

VigilTest::VigilTest() : fakes_(TestSeed()) {
  rules_path_ = temp_.Write("rules.toml", TestRulesToml());
  std::filesystem::create_directories(Tree());
  ::testing::Test::RecordProperty("fake_secret_seed", std::to_string(TestSeed()));
}

std::string VigilTest::Tree(std::string_view relative) const {
  std::string tree = temp_.Sub("tree");
  return relative.empty() ? tree : tree + "/" + std::string(relative);
}

std::string VigilTest::WriteTree(std::string_view relative, std::string_view content) const {
  std::string path = Tree(relative);
  WriteFile(path, content);
  return path;
}

void VigilTest::Plant(const PlantedFile& file) const { WriteTree(file.path(), file.content()); }

RunResult VigilTest::Scan(const std::vector<std::string>& args, const RunOptions& options) const {
  std::vector<std::string> full{"scan", ".", "--config", rules_path_};
  full.insert(full.end(), args.begin(), args.end());
  RunOptions in_tree = options;
  if (in_tree.working_dir.empty()) in_tree.working_dir = Tree();
  return RunVigil(full, in_tree);
}

nlohmann::json VigilTest::ScanJson(const std::vector<std::string>& args, RunResult* run) const {
  std::vector<std::string> with_format = args;
  with_format.insert(with_format.end(), {"--format", "json"});
  RunResult result = Scan(with_format);
  EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << Describe(result);
  nlohmann::json report = ParseJson(result.out);
  if (run != nullptr) *run = std::move(result);
  return report;
}

}  // namespace e2e

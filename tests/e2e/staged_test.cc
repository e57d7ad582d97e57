// End-to-end tests of the developer's loop: `vigil staged`, `vigil
// install-hook`, and vigil driven by the pre-commit framework.
#include <filesystem>

#include "e2e/e2e_util.h"

namespace e2e {
namespace {

namespace fs = std::filesystem;

class StagedTest : public VigilTest {
 protected:
  StagedTest() : repo_(Tree()) { InitGitRepo(repo_); }

  RunResult Staged(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"staged", "--config", rules_path()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunVigil(args, RunOptions{.working_dir = repo_.string()});
  }
  void Write(const std::string& relative, const std::string& content) { WriteFile(repo_ / relative, content); }
  void Stage(const std::string& relative) { Git(repo_, {"add", "--", relative}); }

  // git commit as a developer runs it: hooks on, PATH holding vigil.
  RunResult Commit(const std::string& message, std::map<std::string, std::string> env = {}) {
    env["GIT_CONFIG_GLOBAL"] = "/dev/null";
    env["GIT_CONFIG_NOSYSTEM"] = "1";
    env["PATH"] = fs::path(VigilPath()).parent_path().string() + ":" + std::getenv("PATH");
    return RunProgram("git", {"commit", "-q", "-m", message}, RunOptions{.working_dir = repo_.string(), .env = env});
  }

  fs::path repo_;
};

TEST_F(StagedTest, StagedSecretIsReportedWithFileLineAndHowToAllowIt) {
  Write("app.py", "import os\n");
  CommitAll(repo_, "init");
  Write("app.py", "import os\nTOKEN = '" + fakes_.GithubPat() + "'\n");
  Stage("app.py");
  RunResult run = Staged();
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_NE(run.out.find("app.py:2:10"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(std::string(kGithubRule)), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("vigil:allow"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--no-verify"), std::string::npos) << run.err;
}

TEST_F(StagedTest, OnlyTheStagedVersionOfAFileIsJudged) {
  Write("a.txt", "clean\n");
  CommitAll(repo_, "init");
  Write("a.txt", "clean\nkey " + fakes_.AwsAccessKeyId() + "\n");  // in the work tree only
  EXPECT_EQ(Staged().exit_code, 0);
  Stage("a.txt");
  Write("a.txt", "clean\n");  // removed again, but the index still has it
  EXPECT_EQ(Staged().exit_code, 1);
}

TEST_F(StagedTest, SecretsAlreadyCommittedAreNotBlamedOnANewCommit) {
  Write("conf.env", "STRIPE=" + fakes_.StripeLiveKey() + "\n");
  CommitAll(repo_, "old secret");
  Write("conf.env", "# a comment\n" + ReadFile(repo_ / "conf.env"));  // the secret's line moves, unchanged
  Stage("conf.env");
  RunResult run = Staged({"--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
}

TEST_F(StagedTest, FirstCommitIsScannedAgainstTheEmptyTree) {
  Write("first.txt", "slack " + fakes_.SlackBotToken() + "\n");
  Stage("first.txt");
  RunResult run = Staged({"--format", "json"});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  auto report = ParseJson(run.out);
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["path"], "first.txt");
}

TEST_F(StagedTest, OutsideARepositoryIsAUsageError) {
  TempDir plain;
  RunResult run = RunVigil({"staged", "--config", rules_path()}, RunOptions{.working_dir = plain.str()});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
}

TEST_F(StagedTest, InstalledHookRefusesASecretAndLetsACleanCommitThrough) {
  Write("README", "hello\n");
  CommitAll(repo_, "init");
  // The hook reads .vigil.toml at the repository root, like a developer's setup.
  Write(".vigil.toml", ReadFile(rules_path()));
  CommitAll(repo_, "config");
  RunResult installed = RunVigil({"install-hook"}, RunOptions{.working_dir = repo_.string()});
  ASSERT_EQ(installed.exit_code, 0) << Describe(installed);
  EXPECT_TRUE(fs::exists(repo_ / ".git" / "hooks" / "pre-commit"));

  Write("leak.py", "T = '" + fakes_.GithubPat() + "'\n");
  Stage("leak.py");
  RunResult refused = Commit("leak");
  EXPECT_NE(refused.exit_code, 0) << Describe(refused);
  EXPECT_NE(refused.err.find("commit refused"), std::string::npos) << refused.err;

  Git(repo_, {"rm", "-q", "--cached", "leak.py"});
  Write("ok.py", "print('fine')\n");
  Stage("ok.py");
  RunResult clean = Commit("clean");
  EXPECT_EQ(clean.exit_code, 0) << Describe(clean);
}

TEST_F(StagedTest, InstallRefusesToOverwriteAForeignHookUnlessToldHow) {
  fs::path hooks = repo_ / ".git" / "hooks";
  fs::create_directories(hooks);
  WriteFile(hooks / "pre-commit", "#!/bin/sh\ntouch \"$(git rev-parse --git-dir)/foreign-ran\"\n");
  fs::permissions(hooks / "pre-commit", fs::perms::owner_all);

  RunResult refused = RunVigil({"install-hook"}, RunOptions{.working_dir = repo_.string()});
  EXPECT_EQ(refused.exit_code, 2) << Describe(refused);
  EXPECT_NE(refused.err.find("--chain"), std::string::npos) << refused.err;
  EXPECT_NE(ReadFile(hooks / "pre-commit").find("foreign-ran"), std::string::npos);

  RunResult chained = RunVigil({"install-hook", "--chain"}, RunOptions{.working_dir = repo_.string()});
  ASSERT_EQ(chained.exit_code, 0) << Describe(chained);
  EXPECT_TRUE(fs::exists(hooks / "pre-commit.local"));
  Write(".vigil.toml", ReadFile(rules_path()));
  Write("a.txt", "fine\n");
  Git(repo_, {"add", "-A"});
  RunResult commit = Commit("chained");
  EXPECT_EQ(commit.exit_code, 0) << Describe(commit);
  EXPECT_TRUE(fs::exists(repo_ / ".git" / "foreign-ran"));  // the old hook ran first

  RunResult again = RunVigil({"install-hook"}, RunOptions{.working_dir = repo_.string()});
  EXPECT_EQ(again.exit_code, 0) << Describe(again);  // vigil's own hook is updated in place
  EXPECT_NE(again.out.find("updated"), std::string::npos) << again.out;
}

TEST_F(StagedTest, InstallHonoursCoreHooksPath) {
  Git(repo_, {"config", "core.hooksPath", "githooks"});
  RunResult installed = RunVigil({"install-hook"}, RunOptions{.working_dir = repo_.string()});
  ASSERT_EQ(installed.exit_code, 0) << Describe(installed);
  EXPECT_TRUE(fs::exists(repo_ / "githooks" / "pre-commit"));
  EXPECT_FALSE(fs::exists(repo_ / ".git" / "hooks" / "pre-commit"));
}

// The real pre-commit framework, using vigil's .pre-commit-hooks.yaml.
TEST_F(StagedTest, PreCommitFrameworkBlocksSecretsAndHonoursSkip) {
  RunResult version = RunProgram("pre-commit", {"--version"});
  if (version.exit_code != 0) GTEST_SKIP() << "pre-commit is not installed";

  // A repository holding vigil's hook definition, as pre-commit fetches it.
  TempDir hooks_repo_dir;
  fs::path hooks_repo = hooks_repo_dir.path();
  InitGitRepo(hooks_repo);
  WriteFile(hooks_repo / ".pre-commit-hooks.yaml", ReadFile(fs::path(VIGIL_SOURCE_DIR) / ".pre-commit-hooks.yaml"));
  CommitAll(hooks_repo, "hooks");
  std::string rev = Git(hooks_repo, {"rev-parse", "HEAD"}).out;
  rev.erase(rev.find_last_not_of("\n") + 1);

  Write(".pre-commit-config.yaml",
        "repos:\n  - repo: " + hooks_repo.string() + "\n    rev: " + rev + "\n    hooks:\n      - id: vigil\n");
  Write(".vigil.toml", ReadFile(rules_path()));
  CommitAll(repo_, "setup");
  TempDir cache;
  std::map<std::string, std::string> env = {{"PRE_COMMIT_HOME", cache.str()}, {"HOME", cache.str()}};
  env["PATH"] = fs::path(VigilPath()).parent_path().string() + ":" + std::getenv("PATH");
  env["GIT_CONFIG_GLOBAL"] = "/dev/null";
  RunResult install = RunProgram("pre-commit", {"install"}, RunOptions{.working_dir = repo_.string(), .env = env});
  ASSERT_EQ(install.exit_code, 0) << Describe(install);

  Write("leak.env", "TOKEN=" + fakes_.GithubPat() + "\n");
  Stage("leak.env");
  RunResult refused = Commit("leak", env);
  EXPECT_NE(refused.exit_code, 0) << Describe(refused);
  EXPECT_NE((refused.out + refused.err).find("leak.env"), std::string::npos) << Describe(refused);

  auto skip_env = env;
  skip_env["SKIP"] = "vigil";
  RunResult skipped = Commit("leak, knowingly", skip_env);
  EXPECT_EQ(skipped.exit_code, 0) << Describe(skipped);

  Write("clean.txt", "nothing to see\n");
  Stage("clean.txt");
  RunResult clean = Commit("clean", env);
  EXPECT_EQ(clean.exit_code, 0) << Describe(clean);
}

}  // namespace
}  // namespace e2e

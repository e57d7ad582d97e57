// What the directory walk scans and what it passes over: binary and large
// files, .gitignore inside git work trees, .git itself, symlinks, unreadable
// files. Every skip is counted in stats.skipped under its reason.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "e2e/e2e_util.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

class TreeWalkTest : public VigilTest {
 protected:
  // A file with one GitHub token on line 1 at column 10.
  std::string TokenFile(std::string_view relative) {
    std::string token = fakes_.GithubPat();
    WriteTree(relative, "TOKEN = '" + token + "'\n");
    return token;
  }
  Location TokenAt(const std::string& path) const { return Location{std::string(kGithubRule), path, 1, 10}; }
};

// ---------------------------------------------------------------------------
// Binary and large files

TEST_F(TreeWalkTest, BinaryFileIsSkippedCountedAndItsSecretNotReported) {
  TokenFile("visible.txt");
  std::string binary = "TOKEN = '" + fakes_.GithubPat() + "'\n";
  binary += std::string("\x7F" "ELF\0\0\0\x01", 8);
  WriteTree("lib/blob.so", binary);
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("visible.txt")}));
  EXPECT_EQ(SkippedCount(report, "binary"), 1u) << report["stats"].dump();
  EXPECT_EQ(report["stats"]["files_scanned"], 1);
  EXPECT_EQ(run.err.find("lib/blob.so"), std::string::npos) << "a binary skip is not a warning: " << run.err;
}

TEST_F(TreeWalkTest, NulByteAfterTheFirst8KiBDoesNotMakeAFileBinary) {
  std::string content(9000, 'a');
  for (size_t i = 80; i < content.size(); i += 81) content[i] = '\n';
  content += "\nTOKEN = '" + fakes_.GithubPat() + "'\n";
  content += std::string(1, '\0');
  WriteTree("late-nul.log", content);
  nlohmann::json report = ScanJson();
  EXPECT_EQ(SkippedCount(report, "binary"), 0u);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["path"], "late-nul.log");
}

TEST_F(TreeWalkTest, FileOverMaxFileSizeIsSkippedCountedAndItsSecretNotReported) {
  TokenFile("small.txt");
  std::string big = "TOKEN = '" + fakes_.GithubPat() + "'\n";
  while (big.size() <= 2048) big += "filler line " + fakes_.Word(20) + "\n";
  WriteTree("big.txt", big);
  nlohmann::json report = ScanJson({"--max-file-size", "1K"});
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("small.txt")}));
  EXPECT_EQ(SkippedCount(report, "too large"), 1u) << report["stats"].dump();

  nlohmann::json unlimited = ScanJson({"--max-file-size", "1M"});
  EXPECT_EQ(LocationsOf(unlimited), (std::vector<Location>{TokenAt("big.txt"), TokenAt("small.txt")}));
  EXPECT_EQ(SkippedCount(unlimited, "too large"), 0u);
}

TEST_F(TreeWalkTest, FileOfExactlyMaxFileSizeIsScanned) {
  std::string exact = "TOKEN = '" + fakes_.GithubPat() + "'\n";
  exact += std::string(1024 - exact.size() - 1, '#') + "\n";
  ASSERT_EQ(exact.size(), 1024u);
  WriteTree("exact.txt", exact);
  WriteTree("over.txt", exact + "\n");
  nlohmann::json report = ScanJson({"--max-file-size", "1K"});
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("exact.txt")}));
  EXPECT_EQ(SkippedCount(report, "too large"), 1u);
}

TEST_F(TreeWalkTest, StdinOverMaxFileSizeIsSkippedAsTooLarge) {
  RunOptions options;
  options.stdin_data = "TOKEN = '" + fakes_.GithubPat() + "'\n" + std::string(4096, '#') + "\n";
  RunResult run = RunVigil({"scan", "-", "--max-file-size", "1K", "-c", rules_path(), "-f", "json"}, options);
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  nlohmann::json report = ParseJson(run.out);
  EXPECT_TRUE(report["findings"].empty());
  EXPECT_EQ(SkippedCount(report, "too large"), 1u);
}

// ---------------------------------------------------------------------------
// .gitignore and .git

TEST_F(TreeWalkTest, GitignoredFilesAreSkippedInsideAGitWorkTree) {
  InitGitRepo(Tree());
  WriteTree(".gitignore", "secrets.env\nbuild/\n");
  TokenFile("tracked.py");
  TokenFile("secrets.env");
  TokenFile("build/output.txt");
  nlohmann::json report = ScanJson();
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("tracked.py")}));
  EXPECT_EQ(SkippedCount(report, "gitignored"), 2u) << report["stats"].dump();  // the file and the directory
}

TEST_F(TreeWalkTest, NoIgnoreReportsGitignoredFiles) {
  InitGitRepo(Tree());
  WriteTree(".gitignore", "secrets.env\nbuild/\n");
  TokenFile("tracked.py");
  TokenFile("secrets.env");
  TokenFile("build/output.txt");
  nlohmann::json report = ScanJson({"--no-ignore"});
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("build/output.txt"), TokenAt("secrets.env"),
                                                        TokenAt("tracked.py")}));
  EXPECT_EQ(SkippedCount(report, "gitignored"), 0u);
}

TEST_F(TreeWalkTest, NestedGitignoreAndNegationFollowGitsRules) {
  InitGitRepo(Tree());
  WriteTree(".gitignore", "*.local\n!keep.local\n");
  WriteTree("service/.gitignore", "generated/\n");
  TokenFile("dev.local");
  TokenFile("keep.local");
  TokenFile("service/generated/client.py");
  TokenFile("service/handler.py");
  nlohmann::json report = ScanJson();
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("keep.local"), TokenAt("service/handler.py")}));
  EXPECT_EQ(SkippedCount(report, "gitignored"), 2u);
}

TEST_F(TreeWalkTest, ScanningASubdirectoryStillHonoursTheRepositoryGitignore) {
  InitGitRepo(Tree());
  WriteTree(".gitignore", "*.secret\n");
  TokenFile("sub/creds.secret");
  TokenFile("sub/code.py");
  RunResult run = RunVigil({"scan", "sub", "--config", rules_path(), "--format", "json"},
                           RunOptions{.working_dir = Tree()});
  nlohmann::json report = ParseJson(run.out);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("sub/code.py")}));
  EXPECT_EQ(SkippedCount(report, "gitignored"), 1u);

  RunResult inside = RunVigil({"scan", "--config", rules_path(), "--format", "json"},
                              RunOptions{.working_dir = Tree("sub")});
  EXPECT_EQ(LocationsOf(ParseJson(inside.out)), (std::vector<Location>{TokenAt("code.py")}));
}

TEST_F(TreeWalkTest, GitInfoExcludeIsHonouredLikeGitignore) {
  InitGitRepo(Tree());
  WriteFile(Tree(".git/info/exclude"), "# local excludes\nscratch/\n");
  TokenFile("scratch/notes.txt");
  TokenFile("kept.txt");
  nlohmann::json report = ScanJson();
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("kept.txt")}));
  EXPECT_EQ(SkippedCount(report, "gitignored"), 1u);
}

TEST_F(TreeWalkTest, GitignoredFileNamedOnTheCommandLineIsScanned) {
  InitGitRepo(Tree());
  WriteTree(".gitignore", "secrets.env\n");
  TokenFile("secrets.env");
  RunResult run = RunVigil({"scan", "secrets.env", "-c", rules_path(), "-f", "json"},
                           RunOptions{.working_dir = Tree()});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(ParseJson(run.out)), (std::vector<Location>{TokenAt("secrets.env")}));
}

TEST_F(TreeWalkTest, GitignoreOutsideAGitWorkTreeIsNotHonoured) {
  WriteTree(".gitignore", "secrets.env\n");
  TokenFile("secrets.env");
  nlohmann::json report = ScanJson();
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("secrets.env")}));
  EXPECT_EQ(SkippedCount(report, "gitignored"), 0u);
}

TEST_F(TreeWalkTest, GitDirectoryContentsAreNeverScanned) {
  InitGitRepo(Tree());
  TokenFile("app.py");
  CommitAll(Tree(), "add app");
  // Plain-text places inside .git where a credential can sit.
  std::string token = fakes_.GithubPat();
  WriteTree(".git/config.bak", "[remote \"origin\"]\n  url = https://" + token + "@github.com/o/r.git\n");
  WriteTree(".git/COMMIT_EDITMSG", "token " + token + "\n");
  WriteTree("nested/.git/HEAD", "ref: " + token + "\n");
  for (const std::vector<std::string>& args : {std::vector<std::string>{}, std::vector<std::string>{"--no-ignore"}}) {
    nlohmann::json report = ScanJson(args);
    EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("app.py")})) << report.dump(2);
    EXPECT_EQ(report["stats"]["files_scanned"], 1) << report["stats"].dump();
  }
}

// ---------------------------------------------------------------------------
// Symlinks

TEST_F(TreeWalkTest, SymlinkOutOfTheTreeIsNotFollowedAndWarnedAbout) {
  std::string outside_token = fakes_.GithubPat();
  temp_.Write("outside/creds.txt", "TOKEN = '" + outside_token + "'\n");
  TokenFile("inside.txt");
  fs::create_symlink("../outside/creds.txt", Tree("link-to-outside.txt"));
  fs::create_directory_symlink("../outside", Tree("link-to-outside-dir"));
  RunResult run;
  nlohmann::json report = ScanJson({"--show-secrets"}, &run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("inside.txt")}));
  EXPECT_EQ(run.out.find(outside_token), std::string::npos);
  EXPECT_EQ(SkippedCount(report, "symlink out of tree"), 2u) << report["stats"].dump();
  EXPECT_NE(run.err.find("warning: link-to-outside.txt: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("warning: link-to-outside-dir: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("out of the scanned tree"), std::string::npos) << run.err;
}

TEST_F(TreeWalkTest, BrokenSymlinkIsWarnedAboutAndTheScanGoesOn) {
  fs::create_symlink("no/such/target", Tree("a-broken-link"));
  TokenFile("z-after.txt");
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("z-after.txt")}));
  EXPECT_EQ(SkippedCount(report, "broken symlink"), 1u) << report["stats"].dump();
  EXPECT_NE(run.err.find("warning: a-broken-link: "), std::string::npos) << run.err;
  ASSERT_TRUE(report["stats"]["warnings"].is_array());
  EXPECT_EQ(report["stats"]["warnings"].size(), 1u);
  EXPECT_EQ(report["stats"]["warnings"][0]["path"], "a-broken-link");
}

// The text report escapes control characters so a file name cannot recolour
// the terminal or forge output lines; warnings on stderr must do the same.
TEST_F(TreeWalkTest, ControlCharactersInFileNamesAreEscapedInWarnings) {
  fs::create_symlink("nowhere", Tree("evil\x1b[31mred\nvigil: no findings, all good"));
  TokenFile("real.txt");
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(SkippedCount(report, "broken symlink"), 1u);
  EXPECT_EQ(run.err.find('\x1b'), std::string::npos) << "raw ESC from a file name on stderr:\n" << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << "one warning, one line:\n" << run.err;
}

TEST_F(TreeWalkTest, QuietSuppressesWarningsButNotTheirCount) {
  fs::create_symlink("no/such/target", Tree("broken"));
  TokenFile("real.txt");
  RunResult run;
  nlohmann::json report = ScanJson({"--quiet"}, &run);
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(SkippedCount(report, "broken symlink"), 1u);
}

TEST_F(TreeWalkTest, SymlinkInsideTheTreeGivesNoDuplicateFinding) {
  TokenFile("real/config.py");
  fs::create_symlink("real/config.py", Tree("alias.py"));
  fs::create_directory_symlink("real", Tree("alias-dir"));
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("real/config.py")}));
  EXPECT_EQ(SkippedCount(report, "symlink"), 2u) << report["stats"].dump();
  EXPECT_EQ(run.err, "") << "an in-tree link is not worth a warning";
}

TEST_F(TreeWalkTest, SymlinkNamedOnTheCommandLineIsFollowed) {
  temp_.Write("elsewhere/creds.txt", "TOKEN = '" + fakes_.GithubPat() + "'\n");
  fs::create_symlink(temp_.Sub("elsewhere/creds.txt"), Tree("named-link.txt"));
  RunResult run = RunVigil({"scan", "named-link.txt", "-c", rules_path(), "-f", "json"},
                           RunOptions{.working_dir = Tree()});
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(LocationsOf(ParseJson(run.out)), (std::vector<Location>{TokenAt("named-link.txt")}));
}

// ---------------------------------------------------------------------------
// Unreadable files and missing paths

TEST_F(TreeWalkTest, UnreadableFileIsWarnedAboutAndTheScanGoesOn) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TokenFile("locked.txt");
  TokenFile("open.txt");
  ASSERT_EQ(::chmod(Tree("locked.txt").c_str(), 0), 0);
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("open.txt")}));
  EXPECT_EQ(SkippedCount(report, "unreadable"), 1u) << report["stats"].dump();
  EXPECT_NE(run.err.find("warning: locked.txt: "), std::string::npos) << run.err;
}

TEST_F(TreeWalkTest, UnreadableDirectoryIsWarnedAboutAndTheScanGoesOn) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads directories whatever their mode";
  TokenFile("locked/inner.txt");
  TokenFile("open.txt");
  ASSERT_EQ(::chmod(Tree("locked").c_str(), 0), 0);
  RunResult run;
  nlohmann::json report = ScanJson({}, &run);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("open.txt")}));
  EXPECT_EQ(SkippedCount(report, "unreadable"), 1u) << report["stats"].dump();
  EXPECT_NE(run.err.find("warning: locked: "), std::string::npos) << run.err;
}

TEST_F(TreeWalkTest, FifoIsSkippedAsNotARegularFileWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Tree("pipe").c_str(), 0600), 0);
  TokenFile("real.txt");
  RunOptions options;
  options.timeout_seconds = 30;
  RunResult run = Scan({"--format", "json"}, options);
  EXPECT_FALSE(run.timed_out) << "the scan blocked on the FIFO";
  nlohmann::json report = ParseJson(run.out);
  EXPECT_EQ(LocationsOf(report), (std::vector<Location>{TokenAt("real.txt")}));
  EXPECT_EQ(SkippedCount(report, "not a regular file"), 1u);
}

// A typo in a CI job's path must fail the job, not pass it with nothing scanned.
TEST_F(TreeWalkTest, MissingPathIsAUsageError) {
  TokenFile("real.txt");
  RunResult run = RunVigil({"scan", "no-such-dir", "real.txt", "-c", rules_path(), "-f", "json"},
                           RunOptions{.working_dir = Tree()});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("no-such-dir: no such file or directory"), std::string::npos) << run.err;
}

}  // namespace

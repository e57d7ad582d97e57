// End-to-end tests of `vigil git`: full-history audits and the range gate, on
// repositories built with the git CLI at test time.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "e2e/e2e_util.h"

namespace e2e {
namespace {

namespace fs = std::filesystem;

class GitAuditTest : public VigilTest {
 protected:
  GitAuditTest() : repo_(Tree()) { InitGitRepo(repo_); }

  // `vigil git <repo> --config rules.toml --format json args...`
  nlohmann::json Audit(const std::vector<std::string>& args = {}, RunResult* run_out = nullptr,
                       const std::string& repo = "") {
    std::vector<std::string> all = {"git", repo.empty() ? repo_.string() : repo, "--config", rules_path(),
                                    "--format", "json", "--show-secrets", "--no-progress"};
    all.insert(all.end(), args.begin(), args.end());
    RunResult run = RunVigil(all);
    EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 1) << Describe(run);
    if (run_out != nullptr) *run_out = run;
    return ParseJson(run.out);
  }

  std::string Head() { return Trim(Git(repo_, {"rev-parse", "HEAD"}).out); }
  static std::string Trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
  }
  void Write(const std::string& relative, const std::string& content) { WriteFile(repo_ / relative, content); }

  static std::vector<nlohmann::json> FindingsAt(const nlohmann::json& report, const std::string& path) {
    std::vector<nlohmann::json> out;
    for (const auto& finding : report["findings"]) {
      if (finding["path"] == path) out.push_back(finding);
    }
    return out;
  }

  fs::path repo_;
};

TEST_F(GitAuditTest, SecretAddedThenDeletedIsAttributedToTheAddingCommitAndNotInHead) {
  std::string token = fakes_.GithubPat();
  Write("app.py", "import os\nTOKEN = \"" + token + "\"\n");
  CommitAll(repo_, "add the token");
  std::string adding = Head();
  Write("app.py", "import os\nTOKEN = os.environ['TOKEN']\n");
  CommitAll(repo_, "move the token to the environment");

  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  const auto& finding = report["findings"][0];
  EXPECT_EQ(finding["rule_id"], std::string(kGithubRule));
  EXPECT_EQ(finding["path"], "app.py");
  EXPECT_EQ(finding["start_line"], 2);
  EXPECT_EQ(finding["start_column"], 10);
  EXPECT_EQ(finding["secret"], token);
  EXPECT_EQ(finding["git"]["commit"], adding);
  EXPECT_EQ(finding["git"]["summary"], "add the token");
  EXPECT_EQ(finding["git"]["in_head"], false);
  EXPECT_FALSE(finding["git"]["author_name"].get<std::string>().empty());
  EXPECT_NE(finding["git"]["date"].get<std::string>().find('T'), std::string::npos);
}

TEST_F(GitAuditTest, SecretStillPresentIsInHead) {
  Write("config.yaml", "aws_key: " + fakes_.AwsAccessKeyId() + "\n");
  CommitAll(repo_, "config");
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["git"]["in_head"], true);
}

TEST_F(GitAuditTest, SecretOnlyOnASideBranchIsFound) {
  Write("README", "hello\n");
  CommitAll(repo_, "init");
  Git(repo_, {"checkout", "-q", "-b", "side"});
  Write("side.env", "STRIPE=" + fakes_.StripeLiveKey() + "\n");
  CommitAll(repo_, "side work");
  Git(repo_, {"checkout", "-q", "-"});
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["findings"][0]["path"], "side.env");
  EXPECT_EQ(report["findings"][0]["git"]["in_head"], false);
  // Narrowed to the main branch, the side branch is not walked.
  std::string main_branch = Trim(Git(repo_, {"rev-parse", "--abbrev-ref", "HEAD"}).out);
  EXPECT_EQ(Audit({"--ref", main_branch})["findings"].size(), 0u);
  EXPECT_EQ(Audit({"--branch", "side"})["findings"].size(), 1u);
}

TEST_F(GitAuditTest, SecretOnlyOnATagIsFound) {
  Write("README", "hello\n");
  CommitAll(repo_, "init");
  Git(repo_, {"checkout", "-q", "--detach"});
  Write("release.txt", "slack " + fakes_.SlackBotToken() + "\n");
  CommitAll(repo_, "release");
  Git(repo_, {"tag", "-a", "v1", "-m", "v1"});
  Git(repo_, {"checkout", "-q", "-"});
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["path"], "release.txt");
}

TEST_F(GitAuditTest, SecretOnlyInAMergeResolutionIsAttributedToTheMerge) {
  Write("conf.txt", "value = 1\n");
  CommitAll(repo_, "init");
  std::string main_branch = Trim(Git(repo_, {"rev-parse", "--abbrev-ref", "HEAD"}).out);
  Git(repo_, {"checkout", "-q", "-b", "feature"});
  Write("conf.txt", "value = 2\n");
  CommitAll(repo_, "feature");
  Git(repo_, {"checkout", "-q", main_branch});
  Write("conf.txt", "value = 3\n");
  CommitAll(repo_, "main");
  RunProgram("git", {"-C", repo_.string(), "merge", "-q", "feature"});  // conflicts on purpose
  std::string token = fakes_.GithubPat();
  Write("conf.txt", "value = 4\ntoken = " + token + "\n");
  CommitAll(repo_, "merge with a secret in the resolution");
  std::string merge = Head();
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["git"]["commit"], merge);
  EXPECT_EQ(report["findings"][0]["secret"], token);
}

TEST_F(GitAuditTest, RenamedFileIsAnotherFindingAtTheNewPath) {
  Write("old.py", "k = \"" + fakes_.GithubPat() + "\"\n");
  CommitAll(repo_, "add");
  Git(repo_, {"mv", "old.py", "new.py"});
  CommitAll(repo_, "rename");
  std::string rename = Head();
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 2u) << report.dump(2);
  auto moved = FindingsAt(report, "new.py");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0]["git"]["commit"], rename);
  EXPECT_EQ(moved[0]["git"]["in_head"], true);
  EXPECT_EQ(FindingsAt(report, "old.py")[0]["git"]["in_head"], false);
}

TEST_F(GitAuditTest, SameSecretInTwoFilesIsTwoFindings) {
  std::string token = fakes_.GithubPat();
  Write("a.txt", token + "\n");
  Write("dir/b.txt", "x = " + token + "\n");
  CommitAll(repo_, "two copies");
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 2u);
  EXPECT_EQ(FindingsAt(report, "a.txt").size(), 1u);
  EXPECT_EQ(FindingsAt(report, "dir/b.txt").size(), 1u);
}

TEST_F(GitAuditTest, FileEditedAcrossManyCommitsIsOneFindingWithACount) {
  std::string token = fakes_.StripeLiveKey();
  Write("settings.py", "STRIPE = '" + token + "'\n");
  CommitAll(repo_, "first");
  std::string first = Head();
  std::string body = "STRIPE = '" + token + "'\n";
  for (int i = 0; i < 6; ++i) {
    body = "# edit " + std::to_string(i) + "\n" + body;
    Write("settings.py", body);
    CommitAll(repo_, "edit " + std::to_string(i));
  }
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["git"]["commit"], first);
  EXPECT_EQ(report["findings"][0]["start_line"], 1);
  EXPECT_EQ(report["findings"][0]["git"]["occurrences"], 7);
  EXPECT_EQ(report["stats"]["files_scanned"], 7);  // each blob once
}

TEST_F(GitAuditTest, BinaryAndHugeBlobsAreSkippedAndCounted) {
  std::string token = fakes_.GithubPat();
  Write("image.bin", std::string("\x89PNG\0\0", 6) + token);
  Write("huge.txt", std::string(4096, 'q') + "\n" + fakes_.GithubPat() + "\n");
  Write("ok.txt", "fine\n");
  CommitAll(repo_, "blobs");
  auto report = Audit({"--max-file-size", "2K"});
  EXPECT_EQ(report["findings"].size(), 0u) << report.dump(2);
  EXPECT_EQ(SkippedCount(report, "binary"), 1u);
  EXPECT_EQ(SkippedCount(report, "too large"), 1u);
  EXPECT_EQ(report["stats"]["files_scanned"], 1);
}

// In a pack, a blob's size comes from its entry (a delta's from the delta's
// header), not from libgit2: a version stored as a small delta of a large
// file is still too large, and the small versions are still scanned.
TEST_F(GitAuditTest, PackedDeltaOverTheSizeLimitIsSkipped) {
  std::string filler;
  for (int i = 0; i < 200; ++i) filler += "setting_" + std::to_string(i) + " = " + std::to_string(i * 7) + "\n";
  Write("settings.txt", "TOKEN = \"" + fakes_.GithubPat() + "\"\n");
  CommitAll(repo_, "small");
  Write("settings.txt", "TOKEN = \"" + fakes_.GithubPat() + "\"\n" + filler);
  CommitAll(repo_, "large");
  Write("settings.txt", "TOKEN = \"" + fakes_.GithubPat() + "\"\n" + filler + "last = 1\n");
  CommitAll(repo_, "large again");
  ASSERT_EQ(Git(repo_, {"repack", "-adq", "--depth=10"}).exit_code, 0);
  ASSERT_EQ(Git(repo_, {"prune-packed"}).exit_code, 0);
  auto report = Audit({"--max-file-size", "1K"});
  EXPECT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(SkippedCount(report, "too large"), 2u);
  EXPECT_EQ(report["stats"]["files_scanned"], 1);
}

TEST_F(GitAuditTest, ShallowCloneIsScannedWithOneWarning) {
  Write("a.txt", fakes_.GithubPat() + "\n");
  CommitAll(repo_, "one");
  Write("b.txt", fakes_.AwsAccessKeyId() + "\n");
  CommitAll(repo_, "two");
  TempDir clone_parent;
  std::string clone = clone_parent.Sub("shallow");
  RunResult cloned = RunProgram("git", {"clone", "-q", "--depth", "1", "file://" + repo_.string(), clone});
  ASSERT_EQ(cloned.exit_code, 0) << Describe(cloned);
  RunResult run;
  auto report = Audit({}, &run, clone);
  EXPECT_EQ(report["findings"].size(), 2u) << report.dump(2);  // HEAD's tree holds both
  size_t warnings = 0;
  for (size_t at = run.err.find("shallow clone:"); at != std::string::npos; at = run.err.find("shallow clone:", at + 1)) ++warnings;
  EXPECT_EQ(warnings, 1u) << run.err;
}

TEST_F(GitAuditTest, EmptyRepositoryIsCleanWithAWarning) {
  RunResult run;
  auto report = Audit({}, &run);
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(report["findings"].size(), 0u);
  EXPECT_NE(run.err.find("no commits"), std::string::npos) << run.err;
}

TEST_F(GitAuditTest, CorruptLooseObjectIsReportedByIdAndTheAuditGoesOn) {
  Write("good.txt", fakes_.GithubPat() + "\n");
  Write("bad.txt", "this blob will be damaged\n");
  CommitAll(repo_, "two files");
  std::string bad_id = Trim(Git(repo_, {"rev-parse", "HEAD:bad.txt"}).out);
  fs::path object = repo_ / ".git" / "objects" / bad_id.substr(0, 2) / bad_id.substr(2);
  ASSERT_TRUE(fs::exists(object));
  fs::permissions(object, fs::perms::owner_read | fs::perms::owner_write);
  WriteFile(object, "not zlib at all");
  RunResult run;
  auto report = Audit({}, &run);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(report["findings"].size(), 1u);
  EXPECT_NE(run.err.find(bad_id), std::string::npos) << run.err;
  EXPECT_EQ(SkippedCount(report, "corrupt object"), 1u);
}

// Outside a shallow clone, a missing parent commit is lost history: named,
// counted, and the commits that are there are still audited.
TEST_F(GitAuditTest, MissingParentCommitIsReportedAndTheRestIsAudited) {
  Write("old.txt", fakes_.GithubPat() + "\n");
  CommitAll(repo_, "old");
  std::string lost = Head();
  Write("new.txt", fakes_.GithubPat() + "\n");
  CommitAll(repo_, "new");
  fs::path object = repo_ / ".git" / "objects" / lost.substr(0, 2) / lost.substr(2);
  ASSERT_TRUE(fs::exists(object));
  fs::remove(object);
  RunResult run;
  auto report = Audit({}, &run);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(report["findings"].size(), 2u) << report.dump(2);  // both blobs are in the newer tree
  EXPECT_NE(run.err.find(lost), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("is missing"), std::string::npos) << run.err;
  EXPECT_EQ(SkippedCount(report, "corrupt object"), 1u);
}

// A parent commit whose header does not parse is named; its children and
// other refs are audited.
TEST_F(GitAuditTest, MalformedCommitIsReportedAndTheRestIsAudited) {
  Write("a.txt", fakes_.GithubPat() + "\n");
  CommitAll(repo_, "good");
  std::string tree = Trim(Git(repo_, {"rev-parse", "HEAD^{tree}"}).out);
  auto hash_commit = [&](const std::string& body) {
    return Trim(RunProgram("sh", {"-c", "printf '%s' '" + body + "' | git -C '" + repo_.string() +
                                            "' hash-object -t commit --literally -w --stdin"})
                    .out);
  };
  const std::string signature = "x <x@example.invalid> 1700000000 +0000\n";
  int index = 0;
  for (const std::string& bad : {std::string("no header at all\n"), "tree nothex\ncommitter " + signature + "\nm\n",
                                 "tree " + tree + "\ncommitter x <x> soon +0000\n\nm\n"}) {
    std::string bad_id = hash_commit(bad);
    ASSERT_EQ(bad_id.size(), 40u) << bad;
    std::string child = hash_commit("tree " + tree + "\nparent " + bad_id + "\nauthor " + signature + "committer " +
                                    signature + "\nchild\n");
    ASSERT_EQ(child.size(), 40u);
    WriteFile(repo_ / ".git" / "refs" / "heads" / ("child-" + std::to_string(index++)), child + "\n");
  }
  RunResult run;
  auto report = Audit({}, &run);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  EXPECT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(SkippedCount(report, "corrupt object"), 3u) << run.err;
  EXPECT_NE(run.err.find("malformed commit header"), std::string::npos) << run.err;
}

TEST_F(GitAuditTest, BareRepositoryIsAudited) {
  Write("a.txt", fakes_.GithubPat() + "\n");
  CommitAll(repo_, "one");
  TempDir bare_parent;
  std::string bare = bare_parent.Sub("bare.git");
  ASSERT_EQ(RunProgram("git", {"clone", "-q", "--bare", repo_.string(), bare}).exit_code, 0);
  EXPECT_EQ(Audit({}, nullptr, bare)["findings"].size(), 1u);
}

TEST_F(GitAuditTest, SubmoduleGitlinkIsListedAsSkipped) {
  Write("a.txt", "plain\n");
  CommitAll(repo_, "one");
  std::string head = Head();
  Git(repo_, {"update-index", "--add", "--cacheinfo", "160000," + head + ",vendor/lib"});
  Git(repo_, {"commit", "-q", "-m", "add gitlink"});
  RunResult run;
  auto report = Audit({}, &run);
  EXPECT_EQ(SkippedCount(report, "submodule"), 1u) << report.dump(2);
  EXPECT_NE(run.err.find("vendor/lib"), std::string::npos) << run.err;
}

TEST_F(GitAuditTest, MaxCommitsAndSinceBoundTheAudit) {
  Write("old.txt", fakes_.GithubPat() + "\n");
  RunProgram("git", {"-C", repo_.string(), "add", "-A"});
  RunResult old_commit = RunProgram("git", {"-C", repo_.string(), "commit", "-q", "-m", "old"},
                                    RunOptions{.env = {{"GIT_AUTHOR_DATE", "2001-01-01T00:00:00Z"},
                                                       {"GIT_COMMITTER_DATE", "2001-01-01T00:00:00Z"}}});
  ASSERT_EQ(old_commit.exit_code, 0) << Describe(old_commit);
  Write("new.txt", fakes_.AwsAccessKeyId() + "\n");
  CommitAll(repo_, "new");
  auto since = Audit({"--since", "2020-01-01"});
  // The newest commit's tree still holds old.txt, so it is found there.
  EXPECT_EQ(since["findings"].size(), 2u);
  auto newest = Audit({"--max-commits", "1"});
  EXPECT_EQ(newest["findings"].size(), 2u);
  EXPECT_EQ(FindingsAt(newest, "old.txt")[0]["git"]["summary"], "new");
}

TEST_F(GitAuditTest, NotARepositoryIsAUsageError) {
  TempDir plain;
  RunResult run = RunVigil({"git", plain.str(), "--config", rules_path()});
  EXPECT_EQ(run.exit_code, 2) << Describe(run);
  EXPECT_NE(run.err.find("not a git repository"), std::string::npos) << run.err;
}

TEST_F(GitAuditTest, RangeReportsOnlyLinesAddedInTheRange) {
  std::string base_token = fakes_.GithubPat();
  Write("app.py", "A = '" + base_token + "'\n");
  CommitAll(repo_, "base");
  std::string base = Head();
  std::string new_token = fakes_.StripeLiveKey();
  Write("app.py", "A = '" + base_token + "'\nB = '" + new_token + "'\n");
  CommitAll(repo_, "pr commit");
  std::string pr_commit = Head();
  Write("other.txt", "unrelated\n");
  CommitAll(repo_, "pr commit 2");

  auto report = Audit({"--range", base + "..HEAD"});
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["secret"], new_token);
  EXPECT_EQ(report["findings"][0]["start_line"], 2);
  EXPECT_EQ(report["findings"][0]["git"]["commit"], pr_commit);
  EXPECT_EQ(Audit({"--since-commit", pr_commit})["findings"].size(), 0u);
}

TEST_F(GitAuditTest, RangeDoesNotBlameARenameForAnOldSecret) {
  Write("old.py", "A = '" + fakes_.GithubPat() + "'\n");
  CommitAll(repo_, "base");
  std::string base = Head();
  Git(repo_, {"mv", "old.py", "new.py"});
  CommitAll(repo_, "rename only");
  EXPECT_EQ(Audit({"--range", base + "..HEAD"})["findings"].size(), 0u);
}

TEST_F(GitAuditTest, SarifCarriesCommitMetadata) {
  Write("a.txt", fakes_.GithubPat() + "\n");
  CommitAll(repo_, "one");
  RunResult run = RunVigil({"git", repo_.string(), "--config", rules_path(), "--format", "sarif", "--no-progress"});
  ASSERT_EQ(run.exit_code, 1) << Describe(run);
  auto sarif = ParseJson(run.out);
  const auto& result = sarif["runs"][0]["results"][0];
  EXPECT_EQ(result["properties"]["commit"], Head());
  EXPECT_TRUE(result.contains("partialFingerprints"));
}


// Packed histories are read in pack order (vigil reads the pack index itself):
// the findings must be those of the same history with loose objects, for both
// pack index versions.
TEST_F(GitAuditTest, PackedHistoryGivesTheSameFindingsAsLooseObjects) {
  std::vector<std::string> tokens;
  for (int i = 0; i < 6; ++i) {
    tokens.push_back(fakes_.GithubPat());
    Write("svc" + std::to_string(i % 3) + "/config.py", "# revision " + std::to_string(i) + "\nTOKEN = \"" +
                                                             tokens.back() + "\"\n");
    CommitAll(repo_, "revision " + std::to_string(i));
  }
  auto summary = [](const nlohmann::json& report) {
    std::vector<std::string> out;
    for (const auto& finding : report["findings"]) {
      out.push_back(finding["path"].get<std::string>() + " " + finding["secret"].get<std::string>() + " " +
                    finding["git"]["commit"].get<std::string>() + " " + finding["git"]["in_head"].dump());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto loose = summary(Audit());
  ASSERT_EQ(loose.size(), tokens.size());
  for (const char* version : {"2", "1"}) {
    ASSERT_EQ(Git(repo_, {"-c", std::string("pack.indexVersion=") + version, "repack", "-adq"}).exit_code, 0);
    ASSERT_EQ(Git(repo_, {"prune-packed"}).exit_code, 0);
    EXPECT_EQ(summary(Audit()), loose) << "pack index version " << version;
  }
  // A damaged index only costs the read order, never an object.
  for (const auto& entry : fs::directory_iterator(repo_ / ".git" / "objects" / "pack")) {
    if (entry.path().extension() == ".idx") {
      fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write);
      fs::resize_file(entry.path(), 100);
    }
  }
  // libgit2 cannot open a pack whose index is cut short, so no commit can be
  // read: that is a failed audit, not a clean one.
  RunResult run = RunVigil({"git", repo_.string(), "--config", rules_path(), "--no-progress"});
  EXPECT_EQ(run.exit_code, 3) << Describe(run);
  EXPECT_NE(run.err.find("no commit could be read"), std::string::npos) << run.err;
}

// Several packs plus loose objects (an incremental repack, then new commits):
// the findings are those of the same history in one pack.
TEST_F(GitAuditTest, SeveralPacksAndLooseObjectsGiveTheSameFindingsAsOnePack) {
  for (int i = 0; i < 9; ++i) {
    std::string body;
    for (int line = 0; line < 60; ++line) body += "setting_" + std::to_string(line) + " = " + std::to_string(i) + "\n";
    Write("svc/config" + std::to_string(i % 2) + ".py", body + "TOKEN = \"" + fakes_.GithubPat() + "\"\n");
    CommitAll(repo_, "revision " + std::to_string(i));
    if (i == 2 || i == 5) {
      ASSERT_EQ(Git(repo_, {"repack", "-dq"}).exit_code, 0);  // a new pack each time
    }
  }
  size_t packs = 0;
  for (const auto& entry : fs::directory_iterator(repo_ / ".git" / "objects" / "pack")) {
    packs += entry.path().extension() == ".pack";
  }
  ASSERT_EQ(packs, 2u);
  auto mixed = Audit();
  ASSERT_EQ(mixed["findings"].size(), 9u) << mixed.dump(2);
  ASSERT_EQ(Git(repo_, {"repack", "-adq"}).exit_code, 0);
  ASSERT_EQ(Git(repo_, {"prune-packed"}).exit_code, 0);
  auto packed = Audit();
  EXPECT_EQ(packed["findings"], mixed["findings"]);
  EXPECT_EQ(packed["stats"]["files_scanned"], mixed["stats"]["files_scanned"]);
}

// A rule bound to a path applies at every path it names, whichever path the
// blob was first seen at, and only there; packed or loose, the same.
TEST_F(GitAuditTest, PathRulesApplyAtEachPathTheyNameAndOnlyThere) {
  std::string config = temp_.Write("path-rules.toml", TestRulesToml() + R"(
[[rules]]
id = "test-pgpass"
description = "Password in a .pgpass file"
regex = '''(?m)^[^:\s]+:\d+:[^:\s]+:[^:\s]+:(\S{8,})$'''
secretGroup = 1
path = '''(?:^|/)\.pgpass$'''
severity = "high"
)");
  std::string password = fakes_.PostgresPassword();
  std::string line = "db.internal:5432:orders:app:" + password + "\n";
  Write("notes/copy.txt", line);  // the blob's first path: the rule does not apply
  CommitAll(repo_, "notes");
  Write("deploy/.pgpass", line);  // the same blob, later, where it applies
  CommitAll(repo_, "pgpass");
  std::string pgpass_commit = Head();
  auto audit = [&] {
    RunResult run = RunVigil({"git", repo_.string(), "--config", config, "--format", "json", "--show-secrets",
                              "--no-progress"});
    EXPECT_EQ(run.exit_code, 1) << Describe(run);
    return ParseJson(run.out);
  };
  for (const char* layout : {"loose", "packed"}) {
    SCOPED_TRACE(layout);
    if (std::string(layout) == "packed") {
      ASSERT_EQ(Git(repo_, {"gc", "-q"}).exit_code, 0);
    }
    auto report = audit();
    ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
    EXPECT_EQ(report["findings"][0]["rule_id"], "test-pgpass");
    EXPECT_EQ(report["findings"][0]["path"], "deploy/.pgpass");
    EXPECT_EQ(report["findings"][0]["secret"], password);
    EXPECT_EQ(report["findings"][0]["git"]["commit"], pgpass_commit);
  }
  // A blob skipped as binary at a path a rule applies to is counted once,
  // though it is loaded twice (its path-less scan and its path scan).
  Write("deploy/keys/.pgpass", std::string("\0\1\2binary\0", 10));
  CommitAll(repo_, "binary pgpass");
  auto report = audit();
  EXPECT_EQ(report["stats"]["skipped"]["binary"], 1) << report["stats"].dump();
}

// A packed blob that no ref reaches (a branch deleted, its objects kept in
// the pack) is read with the rest but reported nowhere.
TEST_F(GitAuditTest, UnreachablePackedBlobIsNotReported) {
  std::string kept = fakes_.GithubPat();
  Write("app.py", "TOKEN = \"" + kept + "\"\n");
  CommitAll(repo_, "kept");
  ASSERT_EQ(Git(repo_, {"checkout", "-qb", "doomed"}).exit_code, 0);
  Write("doomed.py", "TOKEN = \"" + fakes_.GithubPat() + "\"\n");
  CommitAll(repo_, "doomed");
  ASSERT_EQ(Git(repo_, {"checkout", "-q", "-"}).exit_code, 0);
  ASSERT_EQ(Git(repo_, {"repack", "-adq"}).exit_code, 0);
  ASSERT_EQ(Git(repo_, {"branch", "-qD", "doomed"}).exit_code, 0);
  ASSERT_EQ(Git(repo_, {"reflog", "expire", "--expire=now", "--all"}).exit_code, 0);
  ASSERT_EQ(Git(repo_, {"repack", "-adkq"}).exit_code, 0);  // -k: unreachable objects stay in the pack
  ASSERT_NE(Git(repo_, {"count-objects", "-v"}).out.find("in-pack: 6"), std::string::npos);  // both commits
  auto report = Audit();
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["secret"], kept);
  EXPECT_EQ(report["stats"]["files_scanned"], 2) << "the unreachable blob is read, with the rest of the pack";
  EXPECT_EQ(report["stats"]["skipped_total"], 0);
}

// A tree object that does not parse is named in a warning; the rest of the
// commit is still audited.
TEST_F(GitAuditTest, MalformedTreeIsReportedAndTheAuditGoesOn) {
  std::string token = fakes_.GithubPat();
  Write("good.py", "TOKEN = \"" + token + "\"\n");
  CommitAll(repo_, "good file");
  std::string bad_tree = Trim(RunProgram("sh", {"-c", "printf '100644 no-nul-and-no-id' | git -C '" + repo_.string() +
                                                          "' hash-object -t tree --literally -w --stdin"})
                                  .out);
  ASSERT_EQ(bad_tree.size(), 40u) << bad_tree;
  std::string good_blob = Trim(Git(repo_, {"rev-parse", "HEAD:good.py"}).out);
  std::string listing = "100644 blob " + good_blob + "\tgood.py\n040000 tree " + bad_tree + "\tbroken\n";
  std::string root = Trim(RunProgram("sh", {"-c", "printf '" + listing + "' | git -C '" + repo_.string() +
                                                      "' mktree --missing"})
                              .out);
  ASSERT_EQ(root.size(), 40u) << root;
  std::string commit = Trim(Git(repo_, {"commit-tree", root, "-p", "HEAD", "-m", "broken tree"}).out);
  ASSERT_EQ(Git(repo_, {"update-ref", "refs/heads/broken", commit}).exit_code, 0);

  RunResult run;
  auto report = Audit({}, &run);
  EXPECT_EQ(run.exit_code, 1) << Describe(run);
  ASSERT_EQ(report["findings"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["secret"], token);
  EXPECT_EQ(SkippedCount(report, "corrupt object"), 1u) << report.dump(2);
  EXPECT_NE(run.err.find(bad_tree), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("broken"), std::string::npos) << run.err;
}

// A binary key store is skipped as content but is a finding by its path, in a
// tree scan and in history (where it stays after a later commit deletes it).
TEST_F(GitAuditTest, CommittedKeyStoreIsFlaggedByItsPathThoughItIsBinary) {
  std::string keystore = std::string("\x30\x82\x0a\x1f\x02\x01\x03\x30\x82", 9) + std::string(64, '\0');
  Write("certs/client.p12", keystore);
  Write("certs/README.md", "client certificate for the staging API\n");
  CommitAll(repo_, "add the client certificate");
  std::string adding = Head();

  RunResult tree = RunVigil({"scan", repo_.string(), "--format", "json", "--no-ignore"});
  EXPECT_EQ(tree.exit_code, 1) << Describe(tree);
  nlohmann::json tree_report = ParseJson(tree.out);
  ASSERT_EQ(tree_report["findings"].size(), 1u) << tree_report.dump(2);
  EXPECT_EQ(tree_report["findings"][0]["rule_id"], "pkcs12-file");
  EXPECT_EQ(tree_report["stats"]["skipped"]["binary"], 1) << tree_report["stats"].dump();

  fs::remove(repo_ / "certs/client.p12");
  CommitAll(repo_, "remove it again");
  RunResult audit = RunVigil({"git", repo_.string(), "--format", "json", "--no-progress"});
  EXPECT_EQ(audit.exit_code, 1) << Describe(audit);
  nlohmann::json report = ParseJson(audit.out);
  auto found = FindingsAt(report, "certs/client.p12");
  ASSERT_EQ(found.size(), 1u) << report.dump(2);
  EXPECT_EQ(found[0]["rule_id"], "pkcs12-file");
  EXPECT_EQ(found[0]["git"]["commit"], adding);
}

}  // namespace
}  // namespace e2e

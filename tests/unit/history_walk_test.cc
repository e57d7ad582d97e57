#include "source/history_walk.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "util/git_library.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

class NullSkips : public SkipSink {
 public:
  void Skip(const std::string& path, const std::string& reason, const std::string&) override {
    skipped.push_back(path + " " + reason);
  }
  void Warn(const std::string&, const std::string&) override {}
  std::vector<std::string> skipped;
};

// A repository built with the git CLI, one shell command per commit.
class HistoryWalkTest : public ::testing::Test {
 protected:
  HistoryWalkTest() {
    std::string pattern = (fs::temp_directory_path() / "vigil-walk-XXXXXX").string();
    repo_ = mkdtemp(pattern.data());
    Shell("git init -q . && git config user.email t@example.invalid && git config user.name t");
  }
  ~HistoryWalkTest() override { fs::remove_all(repo_); }

  void Shell(const std::string& command) {
    std::string full = "cd '" + repo_.string() + "' && " + command + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(full.c_str()), 0) << command;
  }
  void Commit(const std::string& change) { Shell(change + " && git add -A && git commit -qm c"); }
  std::string Capture(const std::string& command) {
    std::string full = "cd '" + repo_.string() + "' && " + command;
    std::string out;
    if (FILE* pipe = popen(full.c_str(), "r")) {
      char buffer[256];
      while (fgets(buffer, sizeof(buffer), pipe) != nullptr) out += buffer;
      pclose(pipe);
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  // Walks every commit of the first-parent history, oldest first, and returns
  // for each blob id its "path@commit" sightings.
  std::map<std::string, std::set<std::string>> Walk(HistoryWalk& walk) {
    std::vector<std::string> trees;
    std::string list = Capture("git log --reverse --format=%T");
    for (size_t start = 0; start < list.size();) {
      size_t end = list.find('\n', start);
      trees.push_back(list.substr(start, end == std::string::npos ? std::string::npos : end - start));
      start = end == std::string::npos ? list.size() : end + 1;
    }
    git_repository* raw_repo = nullptr;
    EXPECT_EQ(git_repository_open(&raw_repo, repo_.c_str()), 0);
    GitRepository repo(raw_repo);
    git_odb* raw_odb = nullptr;
    EXPECT_EQ(git_repository_odb(&raw_odb, repo.get()), 0);
    GitOdb odb(raw_odb);
    NullSkips skips;
    for (uint32_t i = 0; i < trees.size(); ++i) {
      git_oid tree;
      EXPECT_EQ(git_oid_fromstr(&tree, trees[i].c_str()), 0);
      walk.WalkCommit(odb.get(), tree, i, skips);
    }
    EXPECT_TRUE(skips.skipped.empty());
    EXPECT_TRUE(walk.SightingsOf(git_oid{}).empty()) << "a blob never seen";
    size_t visited = 0;
    walk.ForEachSighting([&](const git_oid&, const HistoryWalk::Sighting&) { ++visited; });
    std::map<std::string, std::set<std::string>> out;
    for (const HistoryWalk::FirstSighting& first : walk.TakeFirstSightings()) {
      for (const HistoryWalk::Sighting& sighting : walk.SightingsOf(first.blob)) {
        out[git_oid_tostr_s(&first.blob)].insert(walk.FullPath(sighting.path_id) + "@" +
                                                 std::to_string(sighting.commit_index));
        --visited;
      }
    }
    EXPECT_EQ(visited, 0u) << "ForEachSighting visits what SightingsOf lists";
    return out;
  }

  std::string BlobId(const std::string& content) {
    return Capture("printf '%s' '" + content + "' | git hash-object --stdin");
  }

  GitLibrary git_;
  fs::path repo_;
};

// Files added in the middle of a directory, deleted, brought back and moved:
// every blob is recorded once, at each path, with the oldest commit there.
TEST_F(HistoryWalkTest, RecordsEachBlobAtEachPathWithItsOldestCommit) {
  Commit("mkdir -p d && printf a1 > d/a && printf c1 > d/c");          // 0
  Commit("printf b1 > d/b");                                           // 1: added between a and c
  Commit("rm d/a && printf c2 > d/c");                                 // 2: a deleted
  Commit("printf a1 > d/a && printf x > d/aa");                        // 3: a back, same content
  Commit("git mv d e && printf b2 > e/b");                             // 4: directory renamed
  Commit("mkdir -p d && printf c1 > d/c");                             // 5: an old blob at an old path
  HistoryWalk walk;
  auto sightings = Walk(walk);
  EXPECT_EQ(sightings[BlobId("a1")], (std::set<std::string>{"d/a@0", "e/a@4"}));
  EXPECT_EQ(sightings[BlobId("b1")], (std::set<std::string>{"d/b@1"}));
  EXPECT_EQ(sightings[BlobId("c1")], (std::set<std::string>{"d/c@0"}));  // back at d/c in 5: still 0
  EXPECT_EQ(sightings[BlobId("c2")], (std::set<std::string>{"d/c@2", "e/c@4"}));
  EXPECT_EQ(sightings[BlobId("x")], (std::set<std::string>{"d/aa@3", "e/aa@4"}));
  EXPECT_EQ(sightings[BlobId("b2")], (std::set<std::string>{"e/b@4"}));
  EXPECT_EQ(sightings.size(), 6u);
}

// A directory whose entries change order and number many times keeps giving
// each name its one path id (the next-child shortcut must never mix them up).
TEST_F(HistoryWalkTest, ManyAdditionsAndDeletionsInOneDirectory) {
  std::string files;
  for (int round = 0; round < 12; ++round) {
    std::string change = "mkdir -p d";
    for (int f = 0; f < 10; ++f) {
      // Each round keeps a different subset of ten names, with new content.
      if ((f + round) % 3 == 0) {
        change += " && rm -f d/f" + std::to_string(f);
      } else {
        change += " && printf 'r" + std::to_string(round) + "f" + std::to_string(f) + "' > d/f" + std::to_string(f);
      }
    }
    Commit(change);
  }
  HistoryWalk walk;
  auto sightings = Walk(walk);
  size_t total = 0;
  for (int round = 0; round < 12; ++round) {
    for (int f = 0; f < 10; ++f) {
      if ((f + round) % 3 == 0) continue;
      std::string id = BlobId("r" + std::to_string(round) + "f" + std::to_string(f));
      EXPECT_EQ(sightings[id], (std::set<std::string>{"d/f" + std::to_string(f) + "@" + std::to_string(round)}))
          << "round " << round << " file " << f;
      ++total;
    }
  }
  EXPECT_EQ(sightings.size(), total);
}

}  // namespace
}  // namespace vigil

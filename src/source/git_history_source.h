// GitHistorySource: every blob reachable from the chosen refs, scanned once
// (`vigil git`, the full-history audit).
//
// The producer walks commits oldest first and each commit's tree, skipping a
// subtree already walked at the same path, so a tree shared by many commits is
// read once; a blob is emitted the first time it is seen, and each further
// path it appears at is remembered. Attribute() then turns per-blob findings
// into per-path findings at the oldest commit that carries them.
//
// Never runs git or repository hooks; reads objects with libgit2 only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/finding.h"
#include "source/git_repo.h"
#include "source/source.h"

namespace vigil {

struct GitHistoryOptions {
  std::string repo_path = ".";
  std::vector<std::string> refs;        // empty: every ref, HEAD and the stash
  std::optional<int64_t> since;         // unix time; older commits are not walked into
  std::optional<uint64_t> max_commits;  // newest N commits
  uint64_t max_file_size = 10ull << 20;
};

class GitHistorySource : public Source {
 public:
  explicit GitHistorySource(GitHistoryOptions options) : options_(std::move(options)) {}

  Status Produce(const std::function<void(WorkItem)>& emit, SkipSink& skips) override;
  std::unique_ptr<WorkerState> NewWorkerState() const override;
  LoadResult Load(WorkItem item, WorkerState* state) const override;

  // Call after the scan: one finding per path the blob was seen at, merged
  // per (rule, secret, path) at the oldest commit.
  std::vector<Finding> Attribute(std::vector<Finding> blob_findings) const;

  uint64_t commits_walked() const { return commits_.size(); }

 private:
  struct Sighting {
    uint32_t path_id;
    uint32_t commit_index;
  };
  struct TreeKey {
    git_oid tree;
    uint32_t path_id;
    bool operator==(const TreeKey& other) const {
      return path_id == other.path_id && git_oid_equal(&tree, &other.tree);
    }
  };
  struct TreeKeyHash {
    size_t operator()(const TreeKey& key) const { return OidHash()(key.tree) * 31 + key.path_id; }
  };

  Result<std::vector<git_oid>> ListCommits(git_repository* repo, SkipSink& skips) const;
  void WalkTree(git_repository* repo, const git_oid& tree, const std::string& prefix,
                uint32_t commit_index, const std::function<void(WorkItem)>& emit, SkipSink& skips);
  uint32_t InternPath(const std::string& path);

  GitHistoryOptions options_;
  GitRepository repo_;
  std::vector<git_oid> commits_;  // oldest first
  std::unordered_map<git_oid, std::vector<Sighting>, OidHash, OidEqual> blobs_;
  std::unordered_set<TreeKey, TreeKeyHash> trees_seen_;
  std::unordered_set<uint32_t> gitlinks_seen_;
  std::unordered_map<std::string, uint32_t> path_ids_;
  std::vector<std::string> paths_;  // raw bytes, as in the tree
};

}  // namespace vigil

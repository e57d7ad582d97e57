// GitHistorySource: every blob reachable from the chosen refs, scanned once
// (`vigil git`, the full-history audit).
//
// The producer walks commits oldest first and each commit's tree, skipping a
// subtree already walked at the same path, so a tree shared by many commits is
// read once. It records each blob the first time it is seen and each further
// path it appears at. Halfway through the walk and at its end it emits the
// blobs found since the last time in pack order (see pack_index.h), which
// makes reading them several times cheaper than in walk order. Attribute() then turns per-blob findings into per-path findings
// at the oldest commit that carries them.
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
#include "source/pack_index.h"
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
  // A path is interned as its parent's id and its last name, so an entry
  // costs one hash of a short key, never of its full path.
  struct PathNode {
    uint32_t parent;
    std::string name;  // raw bytes, as in the tree
    // The object last seen at this path. Most entries of a changed tree did
    // not change since the previous commit; this check skips them without
    // touching the hash sets.
    git_oid last_seen{};
  };
  struct FirstSighting {
    git_oid blob;
    uint32_t path_id;
  };

  Result<std::vector<git_oid>> ListCommits(git_repository* repo, SkipSink& skips);
  void WalkTree(git_odb* odb, const git_oid& root, uint32_t commit_index, SkipSink& skips);
  uint32_t InternPath(uint32_t parent, std::string_view name);
  std::string FullPath(uint32_t path_id) const;  // raw bytes
  void EmitInPackOrder(const std::function<void(WorkItem)>& emit);

  static constexpr uint32_t kRootPath = 0;

  GitHistoryOptions options_;
  GitRepository repo_;
  PackIndex packs_;  // loaded by Produce before it emits anything; read by workers
  std::vector<git_oid> commits_;       // oldest first
  std::vector<git_oid> commit_trees_;  // the root tree of each commit
  std::unordered_map<git_oid, std::vector<Sighting>, OidHash, OidEqual> blobs_;
  std::vector<FirstSighting> first_sightings_;  // in walk order, until emitted
  std::unordered_set<TreeKey, TreeKeyHash> trees_seen_;
  std::unordered_set<uint32_t> gitlinks_seen_;
  struct PathKeyHash {
    using is_transparent = void;
    size_t operator()(const std::pair<uint32_t, std::string_view>& key) const {
      return std::hash<std::string_view>()(key.second) ^ (size_t{key.first} * 0x9E3779B97F4A7C15ull);
    }
    size_t operator()(const std::pair<uint32_t, std::string>& key) const {
      return (*this)(std::pair<uint32_t, std::string_view>(key.first, key.second));
    }
  };
  struct PathKeyEqual {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return a.first == b.first && std::string_view(a.second) == std::string_view(b.second);
    }
  };
  std::unordered_map<std::pair<uint32_t, std::string>, uint32_t, PathKeyHash, PathKeyEqual> path_ids_;
  std::vector<PathNode> paths_;
};

}  // namespace vigil

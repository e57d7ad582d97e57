// GitHistorySource: every blob reachable from the chosen refs, scanned once
// (`vigil git`, the full-history audit).
//
// Auditing every ref, the producer first lists every blob in the packs and
// hands them to the workers in runs of pack-order neighbours (pack_index.h,
// pack_reader.h: in that order reading costs a fifth of reading in commit
// order), then lists the commits oldest first and walks their trees (see
// history_walk.h) while the workers scan, recording each blob the first time
// it is seen and each further path it appears at. Blobs the walk finds
// outside the packs (loose objects) are emitted, in runs too, halfway
// through the walk and at its end. A narrowed audit (--ref, --since, --max-commits) emits only
// what the walk finds, the same way. A packed blob that no walked commit holds
// is scanned but reported nowhere.
// Each blob is scanned once without its path; a (blob, path) pair that a
// `path` rule applies to is scanned again with its path.
// Attribute() then turns per-blob findings into per-path findings at the
// oldest commit that carries them.
//
// Never runs git or repository hooks. libgit2 opens the repository, reads
// refs, commits, trees and loose objects; packed blobs are built by PackReader
// from the mapped pack, falling back to libgit2 for anything it cannot read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/finding.h"
#include "source/git_repo.h"
#include "source/history_walk.h"
#include "source/pack_index.h"
#include "source/source.h"

namespace vigil {

struct GitHistoryOptions {
  std::string repo_path = ".";
  std::vector<std::string> refs;        // empty: every ref, HEAD and the stash
  std::optional<int64_t> since;         // unix time; older commits are not walked into
  std::optional<uint64_t> max_commits;  // newest N commits
  uint64_t max_file_size = 10ull << 20;
  // Whether any `path` rule applies to a path; such (blob, path) pairs get a
  // scan of their own. Unset: no path rules.
  std::function<bool(const std::string& path)> path_has_rules;
};

class GitHistorySource : public Source {
 public:
  explicit GitHistorySource(GitHistoryOptions options) : options_(std::move(options)) {}

  Status Produce(WorkSink& work, SkipSink& skips) override;
  std::unique_ptr<WorkerState> NewWorkerState() const override;
  LoadResult Load(WorkItem item, WorkerState* state) const override;

  // Call after the scan: one finding per path the blob was seen at, merged
  // per (rule, secret, path) at the oldest commit.
  std::vector<Finding> Attribute(std::vector<Finding> blob_findings) const;

  uint64_t commits_walked() const { return commits_.size(); }

 private:
  struct BlobAtPath {
    git_oid blob;
    uint32_t path_id;
    bool operator==(const BlobAtPath& other) const {
      return git_oid_equal(&blob, &other.blob) != 0 && path_id == other.path_id;
    }
  };
  struct BlobAtPathHash {
    size_t operator()(const BlobAtPath& key) const {
      return OidHash()(key.blob) ^ (size_t{key.path_id} * 0x9E3779B97F4A7C15ull);
    }
  };

  Result<std::vector<git_oid>> ListCommits(git_repository* repo, SkipSink& skips);
  WorkItem BlobItem(const git_oid& blob, std::string path) const;
  bool ScannedUpFront(const git_oid& blob) const;
  // Lists the packed blobs, offering runs of them as they come.
  void ListPackedBlobs(WorkSink& work);
  // The next run of packed blobs, in pack order.
  WorkItem NextPackedRun();
  // Offers runs of packed blobs until the queue is full.
  void OfferPackedBlobs(WorkSink& work);
  // Emits the blobs the walk found since the last call and did not scan up
  // front, in pack order.
  void EmitInPackOrder(WorkSink& work);
  // Emits a scan of each (blob, path) pair whose path a `path` rule applies to.
  void EmitPathScans(WorkSink& work);

  GitHistoryOptions options_;
  GitRepository repo_;
  PackIndex packs_;  // loaded by Produce before it emits anything; read by workers
  std::vector<git_oid> commits_;       // oldest first
  std::vector<git_oid> commit_trees_;  // the root tree of each commit
  HistoryWalk walk_;
  std::vector<git_oid> packed_;         // blobs scanned up front, in pack order
  std::vector<git_oid> packed_sorted_;  // the same, by id
  bool listed_all_packed_ = false;
  size_t run_length_ = 1;
  size_t next_packed_ = 0;              // packed_[next_packed_...] not in a run yet
  std::optional<WorkItem> pending_run_;  // refused by a full queue
  std::unordered_set<BlobAtPath, BlobAtPathHash> path_scans_;
};

}  // namespace vigil

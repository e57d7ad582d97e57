// GitRangeSource: the lines added by the commits of a range (`vigil git
// --range BASE..HEAD`, the pull-request gate). Each commit is diffed against
// its first parent (the empty tree for a root commit), with rename detection
// so a moved file is not blamed as new; each changed file's blob is scanned
// and only findings on added lines are kept, attributed to that commit.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/finding.h"
#include "source/git_repo.h"
#include "source/source.h"

namespace vigil {

struct GitRangeOptions {
  std::string repo_path = ".";
  std::string range;  // "BASE..HEAD"
  uint64_t max_file_size = 10ull << 20;
};

class GitRangeSource : public Source {
 public:
  explicit GitRangeSource(GitRangeOptions options) : options_(std::move(options)) {}

  Status Produce(WorkSink& work, SkipSink& skips) override;
  std::unique_ptr<WorkerState> NewWorkerState() const override;
  LoadResult Load(WorkItem item, WorkerState* state) const override;

  // Call after the scan: merges repeats of a secret at a path at the oldest
  // commit and fills commit metadata and `in_head`.
  std::vector<Finding> Attribute(std::vector<Finding> findings) const;

 private:
  Status DiffCommit(const git_oid& commit_oid, WorkSink& work, SkipSink& skips);

  GitRangeOptions options_;
  GitRepository repo_;
  std::unordered_map<std::string, size_t> commit_order_;
};

}  // namespace vigil

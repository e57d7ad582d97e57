// StagedSource: what a commit would add (`vigil staged`, the pre-commit hook).
//
// Diffs the index against HEAD's tree (the empty tree before the first
// commit) and scans each changed file's *index* blob, reporting only added
// lines: a partly staged file is judged by what will be committed, not by the
// working copy.
#pragma once

#include <string>

#include "source/git_repo.h"
#include "source/source.h"

namespace vigil {

struct StagedOptions {
  std::string repo_path = ".";
  uint64_t max_file_size = 10ull << 20;
};

class StagedSource : public Source {
 public:
  explicit StagedSource(StagedOptions options) : options_(std::move(options)) {}

  Status Produce(WorkSink& work, SkipSink& skips) override;
  std::unique_ptr<WorkerState> NewWorkerState() const override;
  LoadResult Load(WorkItem item, WorkerState* state) const override;

 private:
  StagedOptions options_;
};

}  // namespace vigil

#include "source/staged_source.h"

#include "source/git_diff.h"
#include "util/text.h"

namespace vigil {

Status StagedSource::Produce(WorkSink& work, SkipSink& /*skips*/) {
  auto repo = OpenRepository(options_.repo_path);
  if (!repo.ok()) return repo.error();
  if (git_repository_is_bare(repo.value().get()) == 1) {
    return Error{"a bare repository has no index to scan", options_.repo_path};
  }
  GitTree head_tree;  // stays null before the first commit: diff against the empty tree
  git_object* raw_tree = nullptr;
  if (git_revparse_single(&raw_tree, repo.value().get(), "HEAD^{tree}") == 0) {
    head_tree.reset(reinterpret_cast<git_tree*>(raw_tree));
  }
  git_index* raw_index = nullptr;
  if (git_repository_index(&raw_index, repo.value().get()) != 0) {
    return Error{"cannot read the index: " + LastGitError(), options_.repo_path};
  }
  GitIndex index(raw_index);
  git_diff_options diff_options = AddedLinesDiffOptions();
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_index(&raw_diff, repo.value().get(), head_tree.get(), index.get(), &diff_options) != 0) {
    return Error{"cannot diff the index against HEAD: " + LastGitError(), options_.repo_path};
  }
  GitDiff diff(raw_diff);
  auto files = CollectAddedLines(diff.get());
  if (!files.ok()) return Error{files.error().message, options_.repo_path};
  for (AddedLines& file : files.value()) {
    WorkItem item;
    item.provenance.kind = Provenance::Kind::kFile;
    item.provenance.path = EscapeInvalidUtf8(file.path);
    item.locator = OidHex(file.blob);
    item.added_lines = std::move(file.ranges);
    work.Emit(std::move(item));
  }
  return Status::Ok();
}

std::unique_ptr<Source::WorkerState> StagedSource::NewWorkerState() const {
  return std::make_unique<GitBlobReader>(options_.repo_path);
}

LoadResult StagedSource::Load(WorkItem item, WorkerState* state) const {
  return static_cast<GitBlobReader*>(state)->Load(std::move(item), options_.max_file_size);
}

}  // namespace vigil

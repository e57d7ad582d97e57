#include "source/git_range_source.h"


#include "source/git_diff.h"
#include "util/text.h"

namespace vigil {
Status GitRangeSource::DiffCommit(const git_oid& commit_oid, WorkSink& work,
                                  SkipSink& skips) {
  std::string commit_hex = OidHex(commit_oid);
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repo_.get(), &commit_oid) != 0) {
    skips.Skip(commit_hex, "corrupt object", "cannot read commit: " + LastGitError());
    return Status::Ok();
  }
  GitCommit commit(raw_commit);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) != 0) {
    skips.Skip(commit_hex, "corrupt object", "cannot read the commit's tree: " + LastGitError());
    return Status::Ok();
  }
  GitTree tree(raw_tree);
  GitTree parent_tree;
  if (git_commit_parentcount(commit.get()) > 0) {
    git_commit* raw_parent = nullptr;
    if (git_commit_parent(&raw_parent, commit.get(), 0) == 0) {
      GitCommit parent(raw_parent);
      git_tree* raw_parent_tree = nullptr;
      if (git_commit_tree(&raw_parent_tree, parent.get()) == 0) parent_tree.reset(raw_parent_tree);
    } else {
      skips.Warn(commit_hex, "first parent not available (shallow clone?): diffing against the empty tree");
    }
  }
  git_diff_options diff_options = AddedLinesDiffOptions();
  git_diff* raw_diff = nullptr;
  if (git_diff_tree_to_tree(&raw_diff, repo_.get(), parent_tree.get(), tree.get(), &diff_options) != 0) {
    skips.Skip(commit_hex, "corrupt object", "cannot diff commit: " + LastGitError());
    return Status::Ok();
  }
  GitDiff diff(raw_diff);
  auto files = CollectAddedLines(diff.get());
  if (!files.ok()) {
    skips.Warn(commit_hex, files.error().message);
    return Status::Ok();
  }
  for (AddedLines& file : files.value()) {
    WorkItem item;
    item.provenance.kind = Provenance::Kind::kGit;
    item.provenance.path = EscapeInvalidUtf8(file.path);
    item.provenance.git = GitOrigin{};
    item.provenance.git->commit = commit_hex;
    item.provenance.git->blob_id = OidHex(file.blob);
    item.locator = item.provenance.git->blob_id;
    item.added_lines = std::move(file.ranges);
    work.Emit(std::move(item));
  }
  return Status::Ok();
}

Status GitRangeSource::Produce(WorkSink& work, SkipSink& skips) {
  auto repo = OpenRepository(options_.repo_path);
  if (!repo.ok()) return repo.error();
  repo_ = std::move(repo).value();
  if (git_repository_is_shallow(repo_.get()) == 1) {
    skips.Warn(options_.repo_path, "shallow clone: commits beyond the shallow boundary are not scanned");
  }
  git_revwalk* raw_walk = nullptr;
  if (git_revwalk_new(&raw_walk, repo_.get()) != 0) return Error{"cannot walk history: " + LastGitError()};
  GitRevwalk walk(raw_walk);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  if (git_revwalk_push_range(walk.get(), options_.range.c_str()) != 0) {
    return Error{"invalid range '" + options_.range + "': " + LastGitError()};
  }
  std::vector<git_oid> commits;
  git_oid oid;
  while (git_revwalk_next(&oid, walk.get()) == 0) commits.push_back(oid);
  for (size_t index = 0; index < commits.size(); ++index) {
    commit_order_.emplace(OidHex(commits[index]), index);
    Status status = DiffCommit(commits[index], work, skips);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

std::unique_ptr<Source::WorkerState> GitRangeSource::NewWorkerState() const {
  return std::make_unique<GitBlobReader>(options_.repo_path);
}

LoadResult GitRangeSource::Load(WorkItem item, WorkerState* state) const {
  return static_cast<GitBlobReader*>(state)->Load(std::move(item), options_.max_file_size);
}

std::vector<Finding> GitRangeSource::Attribute(std::vector<Finding> findings) const {
  return AttributeGitFindings(repo_.get(), std::move(findings), commit_order_);
}

}  // namespace vigil

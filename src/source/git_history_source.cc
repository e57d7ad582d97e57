#include "source/git_history_source.h"

#include <algorithm>

#include "util/text.h"

namespace vigil {
namespace {

// Adds every ref that peels to a commit; HEAD too, for a detached HEAD.
Status CollectAllRefs(git_repository* repo, std::vector<git_oid>& tips, SkipSink& skips) {
  git_reference_iterator* raw_iterator = nullptr;
  if (git_reference_iterator_new(&raw_iterator, repo) != 0) {
    return Error{"cannot list references: " + LastGitError()};
  }
  std::unique_ptr<git_reference_iterator, void (*)(git_reference_iterator*)> iterator(
      raw_iterator, git_reference_iterator_free);
  git_reference* raw_ref = nullptr;
  while (git_reference_next(&raw_ref, iterator.get()) == 0) {
    GitReference ref(raw_ref);
    git_object* raw_commit = nullptr;
    if (git_reference_peel(&raw_commit, ref.get(), GIT_OBJECT_COMMIT) != 0) {
      skips.Skip(git_reference_name(ref.get()), "ref not a commit", "");
      continue;
    }
    GitObject commit(raw_commit);
    tips.push_back(*git_object_id(commit.get()));
  }
  git_oid head;
  if (git_reference_name_to_id(&head, repo, "HEAD") == 0) tips.push_back(head);
  return Status::Ok();
}

Status CollectNamedRefs(git_repository* repo, const std::vector<std::string>& refs, std::vector<git_oid>& tips) {
  for (const std::string& name : refs) {
    git_object* raw = nullptr;
    if (git_revparse_single(&raw, repo, name.c_str()) != 0) {
      return Error{"unknown ref or revision '" + name + "': " + LastGitError()};
    }
    GitObject object(raw);
    git_object* raw_commit = nullptr;
    if (git_object_peel(&raw_commit, object.get(), GIT_OBJECT_COMMIT) != 0) {
      return Error{"'" + name + "' does not name a commit"};
    }
    GitObject commit(raw_commit);
    tips.push_back(*git_object_id(commit.get()));
  }
  return Status::Ok();
}

}  // namespace

namespace {

struct CommitNode {
  int64_t time = 0;
  std::vector<git_oid> parents;  // only those present in the repository
};

// Parents before children; among commits ready at the same time, the older
// first, so the walk is deterministic.
std::vector<git_oid> OldestFirst(const std::unordered_map<git_oid, CommitNode, OidHash, OidEqual>& nodes) {
  std::unordered_map<git_oid, size_t, OidHash, OidEqual> waiting;  // unprocessed parents
  std::unordered_map<git_oid, std::vector<git_oid>, OidHash, OidEqual> children;
  for (const auto& [oid, node] : nodes) {
    waiting[oid] = node.parents.size();
    for (const git_oid& parent : node.parents) children[parent].push_back(oid);
  }
  auto later = [&](const git_oid& a, const git_oid& b) {
    int64_t ta = nodes.at(a).time, tb = nodes.at(b).time;
    return ta != tb ? ta > tb : git_oid_cmp(&a, &b) > 0;
  };
  std::vector<git_oid> ready;  // a heap: the oldest on top
  for (const auto& [oid, count] : waiting) {
    if (count == 0) ready.push_back(oid);
  }
  std::make_heap(ready.begin(), ready.end(), later);
  std::vector<git_oid> order;
  order.reserve(nodes.size());
  while (!ready.empty()) {
    std::pop_heap(ready.begin(), ready.end(), later);
    git_oid oid = ready.back();
    ready.pop_back();
    order.push_back(oid);
    for (const git_oid& child : children[oid]) {
      if (--waiting[child] == 0) {
        ready.push_back(child);
        std::push_heap(ready.begin(), ready.end(), later);
      }
    }
  }
  return order;
}

}  // namespace

// Walks commits by hand rather than with git_revwalk: a revwalk stops at the
// first missing parent, which a shallow clone or a damaged repository has,
// while an audit must scan everything that is there.
Result<std::vector<git_oid>> GitHistorySource::ListCommits(git_repository* repo, SkipSink& skips) const {
  std::vector<git_oid> tips;
  Status found = options_.refs.empty() ? CollectAllRefs(repo, tips, skips) : CollectNamedRefs(repo, options_.refs, tips);
  if (!found.ok()) return found.error();

  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) return Error{"cannot open the object database: " + LastGitError()};
  GitOdb odb(raw_odb);
  std::unordered_map<git_oid, CommitNode, OidHash, OidEqual> nodes;
  std::vector<git_oid> stack = tips;
  while (!stack.empty()) {
    git_oid oid = stack.back();
    stack.pop_back();
    if (nodes.contains(oid)) continue;
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &oid) != 0) {
      skips.Skip(OidHex(oid), "corrupt object", "cannot read commit: " + LastGitError());
      continue;
    }
    GitCommit commit(raw);
    CommitNode& node = nodes[oid];
    node.time = git_commit_time(commit.get());
    for (unsigned i = 0; i < git_commit_parentcount(commit.get()); ++i) {
      const git_oid* parent = git_commit_parent_id(commit.get(), i);
      if (git_odb_exists(odb.get(), parent) == 0) continue;  // beyond a shallow boundary
      node.parents.push_back(*parent);
      stack.push_back(*parent);
    }
  }
  std::vector<git_oid> commits = OldestFirst(nodes);
  if (options_.since) {
    std::erase_if(commits, [&](const git_oid& oid) { return nodes.at(oid).time < *options_.since; });
  }
  if (options_.max_commits && commits.size() > *options_.max_commits) {
    commits.erase(commits.begin(), commits.end() - static_cast<std::ptrdiff_t>(*options_.max_commits));
  }
  return commits;
}

uint32_t GitHistorySource::InternPath(const std::string& path) {
  auto [it, inserted] = path_ids_.try_emplace(path, static_cast<uint32_t>(paths_.size()));
  if (inserted) paths_.push_back(path);
  return it->second;
}

void GitHistorySource::WalkTree(git_repository* repo, const git_oid& tree_oid, const std::string& prefix,
                                uint32_t commit_index, const std::function<void(WorkItem)>& emit,
                                SkipSink& skips) {
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo, &tree_oid) != 0) {
    skips.Skip(EscapeInvalidUtf8(prefix.empty() ? "/" : prefix), "corrupt object",
               "cannot read tree " + OidHex(tree_oid) + ": " + LastGitError());
    return;
  }
  GitTree tree(raw);
  size_t count = git_tree_entrycount(tree.get());
  for (size_t i = 0; i < count; ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree.get(), i);
    std::string path = prefix + git_tree_entry_name(entry);
    const git_oid* oid = git_tree_entry_id(entry);
    switch (git_tree_entry_type(entry)) {
      case GIT_OBJECT_TREE: {
        std::string subtree_prefix = path + "/";
        if (trees_seen_.insert(TreeKey{*oid, InternPath(subtree_prefix)}).second) {
          WalkTree(repo, *oid, subtree_prefix, commit_index, emit, skips);
        }
        break;
      }
      case GIT_OBJECT_BLOB: {
        if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) break;  // a link's target name
        uint32_t path_id = InternPath(path);
        auto [it, first_sighting] = blobs_.try_emplace(*oid);
        std::vector<Sighting>& sightings = it->second;
        bool known_path = std::any_of(sightings.begin(), sightings.end(),
                                      [&](const Sighting& s) { return s.path_id == path_id; });
        if (!known_path) sightings.push_back(Sighting{path_id, commit_index});
        if (first_sighting) {
          WorkItem item;
          item.provenance.kind = Provenance::Kind::kGit;
          item.provenance.path = EscapeInvalidUtf8(path);
          item.provenance.git = GitOrigin{};
          item.provenance.git->blob_id = OidHex(*oid);
          item.locator = item.provenance.git->blob_id;
          emit(std::move(item));
        }
        break;
      }
      case GIT_OBJECT_COMMIT:
        if (gitlinks_seen_.insert(InternPath(path)).second) {
          skips.Skip(EscapeInvalidUtf8(path), "submodule", "submodule (gitlink " + OidHex(*oid) + ") not scanned");
        }
        break;
      default:
        break;
    }
  }
}

Status GitHistorySource::Produce(const std::function<void(WorkItem)>& emit, SkipSink& skips) {
  auto repo = OpenRepository(options_.repo_path);
  if (!repo.ok()) return repo.error();
  repo_ = std::move(repo).value();
  if (git_repository_is_empty(repo_.get()) == 1) {
    skips.Warn(options_.repo_path, "repository has no commits; nothing to scan");
    return Status::Ok();
  }
  if (git_repository_is_shallow(repo_.get()) == 1) {
    skips.Warn(options_.repo_path, "shallow clone: history beyond the shallow boundary is not scanned");
  }
  auto commits = ListCommits(repo_.get(), skips);
  if (!commits.ok()) return commits.error();
  commits_ = std::move(commits).value();
  for (uint32_t index = 0; index < commits_.size(); ++index) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo_.get(), &commits_[index]) != 0) {
      skips.Skip(OidHex(commits_[index]), "corrupt object", "cannot read commit: " + LastGitError());
      continue;
    }
    GitCommit commit(raw);
    const git_oid* tree = git_commit_tree_id(commit.get());
    if (trees_seen_.insert(TreeKey{*tree, InternPath("")}).second) {
      WalkTree(repo_.get(), *tree, "", index, emit, skips);
    }
  }
  return Status::Ok();
}

std::unique_ptr<Source::WorkerState> GitHistorySource::NewWorkerState() const {
  return std::make_unique<GitBlobReader>(options_.repo_path);
}

LoadResult GitHistorySource::Load(WorkItem item, WorkerState* state) const {
  return static_cast<GitBlobReader*>(state)->Load(std::move(item), options_.max_file_size);
}

std::vector<Finding> GitHistorySource::Attribute(std::vector<Finding> blob_findings) const {
  std::vector<Finding> per_path;
  std::unordered_map<std::string, size_t> commit_order;
  for (Finding& finding : blob_findings) {
    git_oid blob;
    if (git_oid_fromstr(&blob, finding.provenance.git->blob_id.c_str()) != 0) continue;
    auto sightings = blobs_.find(blob);
    if (sightings == blobs_.end()) continue;
    for (const Sighting& sighting : sightings->second) {
      Finding copy = finding;
      copy.provenance.path = EscapeInvalidUtf8(paths_[sighting.path_id]);
      std::string commit = OidHex(commits_[sighting.commit_index]);
      commit_order.emplace(commit, sighting.commit_index);
      copy.provenance.git->commit = std::move(commit);
      per_path.push_back(std::move(copy));
    }
  }
  return AttributeGitFindings(repo_.get(), std::move(per_path), commit_order);
}

}  // namespace vigil

#include "source/git_history_source.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <utility>

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
  git_oid tree{};
  std::vector<git_oid> parents;  // only those present in the repository
};

// Reads a commit's tree, parents and committer time from the raw object: the
// walk needs nothing else, and libgit2's full parse (signatures, message)
// cost a tenth of the listing. nullopt when the object is not a readable commit.
std::optional<CommitNode> ReadCommitNode(git_odb* odb, const git_oid& oid) {
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, odb, &oid) != 0) return std::nullopt;
  GitOdbObject object(raw);
  if (git_odb_object_type(object.get()) != GIT_OBJECT_COMMIT) {
    git_error_set_str(GIT_ERROR_INVALID, "object is not a commit");
    return std::nullopt;
  }
  std::string_view data(static_cast<const char*>(git_odb_object_data(object.get())), git_odb_object_size(object.get()));
  CommitNode node;
  bool has_tree = false;
  bool has_time = false;
  // Header lines up to the first empty line: "tree <hex>", "parent <hex>"...,
  // "committer <name> <<email>> <seconds> <zone>".
  while (!data.empty() && data.front() != '\n') {
    size_t end = data.find('\n');
    std::string_view line = data.substr(0, end);
    data.remove_prefix(end == std::string_view::npos ? data.size() : end + 1);
    auto hex_after = [&](std::string_view key, git_oid& out) {
      return line.size() == key.size() + GIT_OID_HEXSZ && line.substr(0, key.size()) == key &&
             git_oid_fromstrn(&out, line.data() + key.size(), GIT_OID_HEXSZ) == 0;
    };
    git_oid id;
    if (!has_tree && hex_after("tree ", id)) {
      node.tree = id;
      has_tree = true;
    } else if (hex_after("parent ", id)) {
      node.parents.push_back(id);
    } else if (line.substr(0, 10) == "committer ") {
      size_t close = line.rfind('>');
      if (close == std::string_view::npos) break;
      std::string_view rest = line.substr(close + 1);
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      int64_t seconds = 0;
      auto parsed = std::from_chars(rest.data(), rest.data() + rest.size(), seconds);
      has_time = parsed.ec == std::errc();
      node.time = seconds;
    }
  }
  if (!has_tree || !has_time) {
    git_error_set_str(GIT_ERROR_OBJECT, "malformed commit header");
    return std::nullopt;
  }
  return node;
}

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
Result<std::vector<git_oid>> GitHistorySource::ListCommits(git_repository* repo, SkipSink& skips) {
  std::vector<git_oid> tips;
  Status found = options_.refs.empty() ? CollectAllRefs(repo, tips, skips) : CollectNamedRefs(repo, options_.refs, tips);
  if (!found.ok()) return found.error();

  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo) != 0) return Error{"cannot open the object database: " + LastGitError()};
  GitOdb odb(raw_odb);
  const bool shallow = git_repository_is_shallow(repo) == 1;
  std::unordered_map<git_oid, CommitNode, OidHash, OidEqual> nodes;
  std::vector<git_oid> stack = tips;
  while (!stack.empty()) {
    git_oid oid = stack.back();
    stack.pop_back();
    if (nodes.contains(oid)) continue;
    std::optional<CommitNode> node = ReadCommitNode(odb.get(), oid);
    if (!node) {
      skips.Skip(OidHex(oid), "corrupt object", "cannot read commit: " + LastGitError());
      continue;
    }
    std::erase_if(node->parents, [&](const git_oid& parent) {
      if (git_odb_exists(odb.get(), &parent) != 0) return false;
      // Expected beyond a shallow clone's boundary (warned about once);
      // anywhere else, history is missing and the audit says so.
      if (!shallow) {
        skips.Skip(OidHex(parent), "corrupt object",
                   "parent of commit " + OidHex(oid) + " is missing; history behind it is not scanned");
      }
      return true;
    });
    stack.insert(stack.end(), node->parents.begin(), node->parents.end());
    nodes.emplace(oid, std::move(*node));
  }
  std::vector<git_oid> commits = OldestFirst(nodes);
  if (options_.since) {
    std::erase_if(commits, [&](const git_oid& oid) { return nodes.at(oid).time < *options_.since; });
  }
  if (options_.max_commits && commits.size() > *options_.max_commits) {
    commits.erase(commits.begin(), commits.end() - static_cast<std::ptrdiff_t>(*options_.max_commits));
  }
  commit_trees_.clear();
  for (const git_oid& oid : commits) commit_trees_.push_back(nodes.at(oid).tree);
  return commits;
}

WorkItem GitHistorySource::BlobItem(const git_oid& blob, std::string path) const {
  WorkItem item;
  item.provenance.kind = Provenance::Kind::kGit;
  item.provenance.path = std::move(path);
  item.provenance.git = GitOrigin{};
  item.provenance.git->blob_id = OidHex(blob);
  item.locator = item.provenance.git->blob_id;
  return item;
}

bool GitHistorySource::ScannedUpFront(const git_oid& blob) const {
  return std::binary_search(packed_sorted_.begin(), packed_sorted_.end(), blob,
                            [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
}

WorkItem GitHistorySource::NextPackedRun() {
  WorkItem run;
  for (; next_packed_ < packed_.size() && run.run.size() < run_length_; ++next_packed_) {
    // A packed blob's path is not known yet; messages name it by its id.
    run.run.push_back(BlobItem(packed_[next_packed_], ""));
  }
  return run;
}

void GitHistorySource::OfferPackedBlobs(WorkSink& work) {
  // While blobs are still being listed, only whole runs go out.
  auto run_ready = [&] {
    size_t waiting = packed_.size() - next_packed_;
    return listed_all_packed_ ? waiting > 0 : waiting >= run_length_;
  };
  while (pending_run_ || run_ready()) {
    if (!pending_run_) pending_run_ = NextPackedRun();
    pending_run_ = work.Offer(std::move(*pending_run_));
    if (pending_run_) return;  // the queue is full
  }
}

void GitHistorySource::ListPackedBlobs(WorkSink& work) {
  // Runs of neighbours: a delta's base is mostly a few entries before it, so
  // a thread reading a run finds most bases in its cache (runs of 256 read
  // as fast as one thread reading everything, on half the CPU each; runs
  // of 16 cost 1.4x). Shorter runs for a small pack keep both threads busy.
  run_length_ = std::clamp<size_t>(packs_.object_count() / 64, 1, 256);
  // Workers start on the first runs while the rest are listed.
  packs_.ForEachPackedBlob([&](const git_oid& blob) {
    packed_.push_back(blob);
    if (packed_.size() - next_packed_ >= run_length_) OfferPackedBlobs(work);
  });
  listed_all_packed_ = true;
  packed_sorted_ = packed_;
  std::sort(packed_sorted_.begin(), packed_sorted_.end(),
            [](const git_oid& a, const git_oid& b) { return git_oid_cmp(&a, &b) < 0; });
  OfferPackedBlobs(work);
}

void GitHistorySource::EmitInPackOrder(WorkSink& work) {
  std::vector<HistoryWalk::FirstSighting> first_sightings = walk_.TakeFirstSightings();
  std::erase_if(first_sightings,
                [&](const HistoryWalk::FirstSighting& sighting) { return ScannedUpFront(sighting.blob); });
  std::vector<git_oid> blobs;
  blobs.reserve(first_sightings.size());
  for (const HistoryWalk::FirstSighting& sighting : first_sightings) blobs.push_back(sighting.blob);
  const std::vector<uint64_t> positions = packs_.PositionsOf(blobs);
  std::vector<size_t> order(first_sightings.size());  // by pack position, then walk order
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return positions[a] < positions[b]; });
  // In runs of neighbours, as packed blobs listed up front are (see ListPackedBlobs).
  const size_t run_length = std::clamp<size_t>(order.size() / 32, 1, 256);
  WorkItem run;
  for (size_t index : order) {
    const HistoryWalk::FirstSighting& sighting = first_sightings[index];
    run.run.push_back(BlobItem(sighting.blob, EscapeInvalidUtf8(walk_.FullPath(sighting.path_id))));
    if (run.run.size() == run_length) work.Emit(std::exchange(run, WorkItem{}));
  }
  if (!run.run.empty()) work.Emit(std::move(run));
}

void GitHistorySource::EmitPathScans(WorkSink& work) {
  if (!options_.path_has_rules) return;
  std::unordered_map<uint32_t, bool> path_has_rules;  // by path id
  walk_.ForEachSighting([&](const git_oid& blob, const HistoryWalk::Sighting& sighting) {
    auto path = [&] { return EscapeInvalidUtf8(walk_.FullPath(sighting.path_id)); };
    auto [known, inserted] = path_has_rules.try_emplace(sighting.path_id, false);
    if (inserted) known->second = options_.path_has_rules(path());
    if (!known->second) return;
    path_scans_.insert({blob, sighting.path_id});
    WorkItem item = BlobItem(blob, path());
    item.provenance.git->path_scan = true;
    work.Emit(std::move(item));
  });
}

Status GitHistorySource::Produce(WorkSink& work, SkipSink& skips) {
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
  packs_ = PackIndex::Load(std::string(git_repository_commondir(repo_.get())) + "objects");
  // An audit of every ref reads nearly every packed blob: workers start on
  // them, in pack order, while this thread lists commits and walks trees.
  // A narrowed audit walks first and scans what the walk finds.
  if (options_.refs.empty() && !options_.since && !options_.max_commits) ListPackedBlobs(work);
  auto commits = ListCommits(repo_.get(), skips);
  if (!commits.ok()) return commits.error();
  commits_ = std::move(commits).value();
  // Every ref pointing at nothing readable is a broken object database, not a
  // clean history: the audit must not pass.
  if (commits_.empty() && !options_.since && options_.max_commits.value_or(1) != 0) {
    return Error{"no commit could be read (is the object database damaged?)", options_.repo_path};
  }
  git_odb* raw_odb = nullptr;
  if (git_repository_odb(&raw_odb, repo_.get()) != 0) {
    return Error{"cannot open the object database: " + LastGitError()};
  }
  GitOdb odb(raw_odb);
  // Blobs the walk finds (those not scanned up front) in the first half of
  // the history are emitted then, so workers scan them while the second half
  // is walked. Two runs in pack order read almost as fast as one (0.25
  // against 0.23 CPU s on bench/git; ten runs: 0.49).
  const size_t halfway = commits_.size() / 2;
  for (uint32_t index = 0; index < commits_.size(); ++index) {
    walk_.WalkCommit(odb.get(), commit_trees_[index], index, skips);
    if (index + 1 == halfway) EmitInPackOrder(work);
    OfferPackedBlobs(work);
  }
  EmitInPackOrder(work);
  if (pending_run_) work.Emit(std::move(*std::exchange(pending_run_, std::nullopt)));
  while (next_packed_ < packed_.size()) work.Emit(NextPackedRun());
  EmitPathScans(work);
  return Status::Ok();
}

std::unique_ptr<Source::WorkerState> GitHistorySource::NewWorkerState() const {
  return std::make_unique<GitBlobReader>(options_.repo_path, &packs_);
}

LoadResult GitHistorySource::Load(WorkItem item, WorkerState* state) const {
  // Without its path, a blob's scan applies no `path` rule: those run in the
  // path scans, once per path they apply to.
  const bool path_scan = item.provenance.git->path_scan;
  if (!path_scan) item.provenance.path.clear();
  LoadResult loaded = static_cast<GitBlobReader*>(state)->Load(std::move(item), options_.max_file_size);
  // Loading does not depend on the path: the blob's path-less scan was
  // skipped the same way, and counted.
  loaded.skip_already_counted = path_scan && !loaded.blob;
  return loaded;
}

std::vector<Finding> GitHistorySource::Attribute(std::vector<Finding> blob_findings) const {
  std::vector<Finding> per_path;
  std::unordered_map<std::string, size_t> commit_order;
  for (Finding& finding : blob_findings) {
    git_oid blob;
    if (git_oid_fromstr(&blob, finding.provenance.git->blob_id.c_str()) != 0) continue;
    // None for a packed blob that no walked commit holds.
    for (const HistoryWalk::Sighting& sighting : walk_.SightingsOf(blob)) {
      // A path scan's findings hold at its path only, and replace the
      // path-less scan's findings there.
      const bool path_scanned = path_scans_.contains({blob, sighting.path_id});
      if (path_scanned != finding.provenance.git->path_scan) continue;
      std::string path = EscapeInvalidUtf8(walk_.FullPath(sighting.path_id));
      if (path_scanned && path != finding.provenance.path) continue;
      Finding copy = finding;
      copy.provenance.path = std::move(path);
      copy.provenance.git->path_scan = false;
      std::string commit = OidHex(commits_[sighting.commit_index]);
      commit_order.emplace(commit, sighting.commit_index);
      copy.provenance.git->commit = std::move(commit);
      per_path.push_back(std::move(copy));
    }
  }
  return AttributeGitFindings(repo_.get(), std::move(per_path), commit_order);
}

}  // namespace vigil

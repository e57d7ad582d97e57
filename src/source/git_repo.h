// Shared pieces of the git sources: opening a repository, object ids as map
// keys, commit metadata, reading blobs on worker threads, and the final
// attribution step (one finding per rule, secret and path, at the oldest
// commit, with `in_head`).
//
// Thread rules: libgit2 handles are not shared between threads. The producer
// owns one repository handle; each worker opens its own (GitBlobReader).
#pragma once

#include <git2.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/finding.h"
#include "source/git_handles.h"
#include "source/pack_index.h"
#include "source/pack_reader.h"
#include "source/source.h"
#include "util/status.h"

namespace vigil {

struct OidHash {
  size_t operator()(const git_oid& oid) const {
    size_t hash;
    static_assert(sizeof(oid.id) >= sizeof(hash));
    std::memcpy(&hash, oid.id, sizeof(hash));
    return hash;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};

std::string OidHex(const git_oid& oid);

// Opens the repository at `path` (a work tree, a folder inside one, or a bare
// repository). Not a repository: an Error (a usage error for the CLI).
Result<GitRepository> OpenRepository(const std::string& path);

// "2024-05-01T12:30:00+02:00"
std::string IsoDate(const git_time& time);

// Author, date and summary of a commit; empty fields when it cannot be read.
GitOrigin ReadCommitOrigin(git_repository* repo, const git_oid& commit);

// A source's per-thread state: its own repository and object database.
class GitBlobReader : public Source::WorkerState {
 public:
  // `packs`, when given, must outlive the reader and be loaded before the
  // first Load: packed blobs are then sized and read by a PackReader of this
  // thread's own, and only the rest by libgit2.
  explicit GitBlobReader(const std::string& repo_path, const PackIndex* packs = nullptr);
  // Reads blob `oid_hex` with the size and binary checks of file sources.
  LoadResult Load(WorkItem item, uint64_t max_file_size);

 private:
  GitRepository repo_;
  GitOdb odb_;
  std::string open_error_;
  std::unique_ptr<PackReader> pack_reader_;  // null without `packs`
};

// Final attribution: merges findings of the same rule and secret at the same
// path into one, kept at the commit with the lowest `commit_order` (the
// oldest), counting occurrences; fills commit metadata and `in_head`.
std::vector<Finding> AttributeGitFindings(
    git_repository* repo, std::vector<Finding> findings,
    const std::unordered_map<std::string, size_t>& commit_order);

}  // namespace vigil

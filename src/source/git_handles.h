// RAII owners for libgit2 handles. Each handle has exactly one owner.
#pragma once

#include <git2.h>

#include <memory>
#include <string>

namespace vigil {

template <typename T, void (*Free)(T*)>
struct GitDeleter {
  void operator()(T* handle) const { Free(handle); }
};

using GitRepository = std::unique_ptr<git_repository, GitDeleter<git_repository, git_repository_free>>;
using GitIndex = std::unique_ptr<git_index, GitDeleter<git_index, git_index_free>>;
using GitTree = std::unique_ptr<git_tree, GitDeleter<git_tree, git_tree_free>>;
using GitCommit = std::unique_ptr<git_commit, GitDeleter<git_commit, git_commit_free>>;
using GitBlob = std::unique_ptr<git_blob, GitDeleter<git_blob, git_blob_free>>;
using GitOdb = std::unique_ptr<git_odb, GitDeleter<git_odb, git_odb_free>>;
using GitOdbObject = std::unique_ptr<git_odb_object, GitDeleter<git_odb_object, git_odb_object_free>>;
using GitRevwalk = std::unique_ptr<git_revwalk, GitDeleter<git_revwalk, git_revwalk_free>>;
using GitReference = std::unique_ptr<git_reference, GitDeleter<git_reference, git_reference_free>>;
using GitDiff = std::unique_ptr<git_diff, GitDeleter<git_diff, git_diff_free>>;
using GitObject = std::unique_ptr<git_object, GitDeleter<git_object, git_object_free>>;

// The message of libgit2's last error on this thread.
inline std::string LastGitError() {
  const git_error* error = git_error_last();
  return error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error";
}

}  // namespace vigil

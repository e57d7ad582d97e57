// TreeSource: files under one or more paths on disk (`vigil scan PATH...`).
//
// Walks directories honouring .gitignore when the path is inside a git work
// tree (libgit2 decides, so the rules are git's own), never descends into .git,
// and never follows a symlink: a link is counted as skipped, with a warning
// when it is broken or points out of the scanned tree. A path named on the
// command line is taken as given, even when it is a link.
// Loading reads a file into memory; binary files (a NUL in the first 8 KiB)
// and files over max_file_size are skipped and counted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/source.h"

namespace vigil {

struct TreeSourceOptions {
  std::vector<std::string> roots;          // as given by the user
  bool honor_gitignore = true;
  uint64_t max_file_size = 10ull << 20;    // bytes
};

class TreeSource : public Source {
 public:
  explicit TreeSource(TreeSourceOptions options) : options_(std::move(options)) {}

  Status Produce(WorkSink& work, SkipSink& skips) override;
  LoadResult Load(WorkItem item, WorkerState* state) const override;

 private:
  TreeSourceOptions options_;
};

// Reads a file for scanning, applying the size and binary checks. Shared by
// the tree source and single-file callers.
LoadResult LoadFile(const std::string& path, Provenance provenance, uint64_t max_file_size);

// Applies the size and binary checks to bytes already in memory (stdin, git blobs).
LoadResult CheckContent(std::string bytes, Provenance provenance, uint64_t max_file_size);

}  // namespace vigil

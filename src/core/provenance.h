// Provenance: where a blob's bytes came from (a file, stdin, a git blob at a
// commit), and the line ranges a diff added. Sources fill it in; the engine
// copies it into each finding; reporters print it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace vigil {

// Git metadata of the commit that introduced a finding (git sources only).
struct GitOrigin {
  std::string commit;        // full hex id
  std::string author_name;
  std::string author_email;
  std::string date;          // ISO 8601 author date
  std::string summary;       // first line of the message
  std::string blob_id;       // hex id of the blob scanned
  bool in_head = false;      // the secret is still in HEAD's tree at this path
  size_t occurrences = 1;    // commits/blobs that carry the same secret at this path
  // The history audit scans each blob once without its path, and again at
  // each path that `path` rules apply to; true for such a path scan.
  bool path_scan = false;
};

struct Provenance {
  enum class Kind { kFile, kStdin, kGit };
  Kind kind = Kind::kFile;
  // Path relative to the scan root with '/' separators; for stdin, the path
  // hint or "-". Non-UTF-8 bytes are escaped by the source.
  std::string path;
  std::optional<GitOrigin> git;
};

// 1-based inclusive line range.
struct LineRange {
  int first = 0;
  int last = 0;
};

}  // namespace vigil

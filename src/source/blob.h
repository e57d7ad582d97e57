// Blob and Provenance: what sources produce and the engine consumes.
//
// A Blob is a byte range plus where it came from. The engine never looks at
// provenance except to apply `path` rules; reporters never look at bytes.
// A Blob is moved, not shared: one worker owns it while scanning.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

class Blob {
 public:
  // The blob owns its bytes.
  static Blob Owned(Provenance provenance, std::string bytes);
  // The bytes live in storage that `keep_alive` owns (an mmap, a libgit2 blob).
  static Blob Borrowed(Provenance provenance, std::string_view bytes,
                       std::shared_ptr<const void> keep_alive);

  std::string_view bytes() const { return keep_alive_ ? borrowed_ : std::string_view(owned_); }
  const Provenance& provenance() const { return provenance_; }

  // Lines added by a diff (staged, range modes). Empty means: report anywhere.
  const std::vector<LineRange>& added_lines() const { return added_lines_; }
  void set_added_lines(std::vector<LineRange> ranges) { added_lines_ = std::move(ranges); }

 private:
  Provenance provenance_;
  std::string owned_;  // a view into it would dangle after a move (SSO), so none is kept
  std::shared_ptr<const void> keep_alive_;
  std::string_view borrowed_;  // valid while keep_alive_ lives
  std::vector<LineRange> added_lines_;
};

}  // namespace vigil

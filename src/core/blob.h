// Blob: what sources produce and the engine consumes.
//
// A Blob is a byte range plus where it came from (provenance.h). The engine never looks at
// provenance except to apply `path` rules; reporters never look at bytes.
// A Blob is moved, not shared: one worker owns it while scanning.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/provenance.h"

namespace vigil {

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

// PackOrder: where each object sits in a repository's packs, so a history
// audit can read blobs in the order git wrote them.
//
// Reading order decides what reading costs. `git repack` stores the newest
// version of a file whole and older versions as deltas against newer ones, in
// one run; reading them in pack order keeps each delta's base in libgit2's
// small base cache, while reading them oldest-commit-first rebuilds a delta
// chain for nearly every blob (about 5x the CPU on bench/git's history).
// libgit2 has no API for an object's pack offset, so this reads the pack
// indexes (objects/pack/*.idx, versions 1 and 2, SHA-1) itself.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vigil {

class PackOrder {
 public:
  // Reads every index under `objects_dir`/pack. An index that cannot be read
  // or parsed is left out (its objects sort last), never an error: order is
  // an optimisation, not a requirement.
  static PackOrder Load(const std::string& objects_dir);

  // A key that sorts objects in pack order (pack, then offset within it).
  // Objects in no pack (loose, or in an unreadable pack) sort after all of them.
  uint64_t PositionOf(const git_oid& oid) const;

  size_t pack_count() const { return packs_.size(); }

 private:
  struct Index {
    std::string bytes;  // the whole .idx file
    int version = 2;
    uint32_t count = 0;
  };
  static bool Parse(Index& index);
  static uint64_t Find(const Index& index, const git_oid& oid);  // offset, or UINT64_MAX

  std::vector<Index> packs_;
};

}  // namespace vigil

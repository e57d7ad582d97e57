// PackIndex: where each object sits in a repository's packs and what its pack
// entry says, so a history audit can read blobs in the order git wrote them
// and learn a blob's size before reading it, cheaply (PackReader::SizeOf).
//
// Reading order decides what reading costs. `git repack` stores the newest
// version of a file whole and older versions as deltas against newer ones, in
// one run; reading them in pack order keeps each delta's base in libgit2's
// small base cache, while reading them oldest-commit-first rebuilds a delta
// chain for nearly every blob (about 5x the CPU on bench/git's history).
// libgit2's git_odb_read_header, which gives a size, follows a delta's whole
// chain to learn its type; the size alone is in the delta's own header.
//
// libgit2 has no API for an object's pack offset, so this reads
// the pack indexes (objects/pack/*.idx, versions 1 and 2, SHA-1) and the entry
// headers of the packs (mapped read-only) itself; PackReader (pack_reader.h)
// builds objects from those entries. A damaged or missing index or pack only
// loses this information (callers fall back to libgit2), never objects.
#pragma once

#include <git2.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

class PackIndex {
 public:
  static constexpr uint64_t kUnknown = UINT64_MAX;

  // Reads every index under `objects_dir`/pack and maps the pack beside it.
  // An index that cannot be read or parsed is left out (its objects sort last);
  // a pack that cannot be mapped leaves its objects' sizes and families unknown.
  static PackIndex Load(const std::string& objects_dir);

  PackIndex() = default;
  PackIndex(PackIndex&&) noexcept = default;
  PackIndex& operator=(PackIndex&&) noexcept = default;

  // A key that sorts objects in pack order (pack, then offset within it).
  // Objects in no pack (loose, or in an unreadable pack) sort after all of them.
  uint64_t PositionOf(const git_oid& oid) const;
  // PositionOf for many objects at once: one pass over each index's sorted
  // ids instead of a binary search (a cache miss per step) for each object.
  std::vector<uint64_t> PositionsOf(const std::vector<git_oid>& oids) const;

  // Every blob in the packs, each once, in pack order: what a full-history
  // audit reads, listed before any tree is walked. Cruft packs (unreachable
  // objects, with a .mtimes beside the index) are left out, and so is an
  // entry whose type cannot be learnt from the headers of its delta chain.
  std::vector<git_oid> PackedBlobs() const;
  // The same, one blob at a time as the headers are read, so a caller can
  // hand out the first ones before the last are known.
  void ForEachPackedBlob(const std::function<void(const git_oid&)>& visit) const;

  size_t pack_count() const { return packs_.size(); }
  size_t object_count() const;  // in all packs

  // Where an object's entry is: which pack, at which offset.
  struct Location {
    size_t pack;
    uint64_t offset;
  };
  // A parsed entry header.
  struct Entry {
    int type = 0;                     // 1-4: commit, tree, blob, tag; 6, 7: deltas
    uint64_t size = 0;                // of the entry's own data (a delta's: of the delta)
    uint64_t data_at = 0;             // where its zlib stream starts
    uint64_t base_offset = kUnknown;  // an offset delta's base
    const char* base_id = nullptr;    // a reference delta's base (20 bytes in the pack)
  };
  static constexpr int kOfsDelta = 6;
  static constexpr int kRefDelta = 7;

  std::optional<Location> Locate(const git_oid& oid) const;
  // The offset of `oid` in pack `pack`; kUnknown when not there.
  uint64_t OffsetIn(size_t pack, const git_oid& oid) const;
  // The entry at `offset` of pack `pack`, checked to lie inside it.
  std::optional<Entry> EntryAt(size_t pack, uint64_t offset) const;
  // The zlib data from `entry` on, up to the pack's trailing checksum.
  std::string_view DataOf(size_t pack, const Entry& entry) const;

 private:
  struct Mapping;  // a read-only mmap of a .pack file
  struct Pack {
    std::string index;  // the whole .idx file
    int version = 2;
    uint32_t count = 0;
    bool cruft = false;  // holds unreachable objects only
    std::shared_ptr<const Mapping> data;  // null when the pack is unreadable
  };
  static bool ParseIndex(Pack& pack);
  static uint64_t Find(const Pack& pack, const git_oid& oid);  // offset, or kUnknown
  static const char* IdAt(const Pack& pack, uint32_t row);      // the row-th id, in hash order
  static uint64_t OffsetAt(const Pack& pack, uint32_t row);     // of the row-th id
  static std::optional<Entry> ReadEntry(const Pack& pack, uint64_t offset);

  std::vector<Pack> packs_;
};

}  // namespace vigil

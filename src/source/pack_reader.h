// PackReader: reads packed objects straight from the mapped packs of a
// PackIndex, on one thread, with a small cache of recently built objects.
//
//   PackIndex packs = PackIndex::Load(objects_dir);  // shared, read-only
//   PackReader reader(packs);                        // one per thread
//   PackReader::Object object = reader.Read(oid);    // null data: ask libgit2
//
// Why not libgit2: its reads take a process-wide lock per pack window and a
// lock per pack cache, start a zlib stream per object and keep one delta-base
// cache for all threads. On bench/git's history, reading every blob in pack
// order took 0.21 CPU s on one thread and 0.27 on two; this reader takes
// about 0.12 on one and the same on two when each thread reads runs of
// neighbouring entries, whose bases sit in its own cache.
//
// Everything read is checked against the pack's bounds and the sizes the
// entries declare; anything that does not add up gives no object, and the
// caller asks libgit2, which reports the damage.
#pragma once

#include <git2.h>

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "source/pack_index.h"

namespace vigil {

class PackReader {
 public:
  struct Object {
    int type = 0;  // 1-4: commit, tree, blob, tag
    std::shared_ptr<const std::string> data;  // null when not read here
    bool too_large = false;  // larger than the caller's limit, so not read
  };

  // `cache_bytes` bounds the built objects kept as delta bases; a few MiB
  // stay in the CPU's caches and hold the bases a run of neighbouring
  // entries needs (bench/git: 2-4 MiB read fastest, 32 MiB a third slower).
  explicit PackReader(const PackIndex& packs, size_t cache_bytes = size_t{4} << 20);
  ~PackReader();
  PackReader(const PackReader&) = delete;
  PackReader& operator=(const PackReader&) = delete;

  // The object `oid`, built from its pack entry and delta chain, unless its
  // size (from its entry, or for a delta from the delta's header) exceeds
  // `max_size`. A chain holding an object larger than kMaxChainObject is not
  // read.
  Object Read(const git_oid& oid, uint64_t max_size = kMaxChainObject);
  // The size `oid` has once read; nullopt when not packed or not readable
  // here. libgit2's git_odb_read_header follows a delta's whole chain to
  // learn its type; the size alone is in the delta's own header.
  std::optional<uint64_t> SizeOf(const git_oid& oid);

  static constexpr uint64_t kMaxChainObject = uint64_t{1} << 30;

 private:
  struct Stream;  // a zlib stream reused for every entry
  struct Cached {
    Object object;
    std::list<uint64_t>::iterator recency;
  };

  Object ReadAt(size_t pack, uint64_t offset);
  std::optional<uint64_t> SizeAt(size_t pack, const PackIndex::Entry& entry);
  bool Inflate(std::string_view compressed, uint64_t size, std::string& out);
  const Object* Lookup(uint64_t key);
  void Remember(uint64_t key, const Object& object);

  const PackIndex& packs_;
  const size_t cache_bytes_;
  std::unique_ptr<Stream> stream_;
  std::unordered_map<uint64_t, Cached> cache_;  // by pack and offset
  std::list<uint64_t> recency_;                 // most recent first
  size_t cached_bytes_ = 0;
  std::string delta_;  // reused for each delta's instructions
};

// Applies git's delta `delta` to `base`. False when the delta is malformed:
// it names another base size, copies from outside the base, or builds
// something other than the size it declares.
bool ApplyDelta(std::string_view base, std::string_view delta, std::string& out);

}  // namespace vigil

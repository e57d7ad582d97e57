#include "source/pack_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>

namespace vigil {
namespace {

constexpr size_t kHashSize = 20;  // SHA-1; libgit2 1.5 reads no other kind
constexpr size_t kFanoutSize = 256 * 4;
constexpr unsigned char kMagicV2[] = {0xff, 't', 'O', 'c', 0, 0, 0, 2};
constexpr int kPackBits = 40;  // offsets below 1 TiB; packs numbered above that
constexpr size_t kPackHeaderSize = 12;  // "PACK", version, object count

constexpr int kBlob = 3;  // a pack entry type (git's object_type)

uint32_t ReadU32(const std::string& bytes, size_t offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + offset);
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

// Where the fan-out table starts; the id table follows it.
size_t FanoutAt(int version) { return version == 2 ? sizeof(kMagicV2) : 0; }

uint64_t ReadU64(const std::string& bytes, size_t offset) {
  return (uint64_t{ReadU32(bytes, offset)} << 32) | ReadU32(bytes, offset + 4);
}

// One read of the whole file (a character iterator took 4 ms for bench/git's
// 1.7 MB index).
bool ReadWholeFile(const std::filesystem::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return false;
  std::streamoff size = in.tellg();
  if (size < 0) return false;
  out.resize(static_cast<size_t>(size));
  in.seekg(0);
  return static_cast<bool>(in.read(out.data(), size));
}

}  // namespace

// A read-only mapping of a whole .pack file, checked to start like one.
struct PackIndex::Mapping {
  explicit Mapping(const std::filesystem::path& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat info {};
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
        static_cast<uint64_t>(info.st_size) >= kPackHeaderSize + kHashSize) {
      void* address = mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (address != MAP_FAILED) {
        bytes = std::string_view(static_cast<const char*>(address), static_cast<size_t>(info.st_size));
      }
    }
    close(fd);
    // "PACK", then version 2 or 3 as a big-endian 32-bit number.
    if (!bytes.empty() && (bytes.substr(0, 7) != std::string_view("PACK\0\0\0", 7) || (bytes[7] != 2 && bytes[7] != 3))) {
      Unmap();
    }
  }
  ~Mapping() { Unmap(); }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;

  bool Valid() const { return !bytes.empty(); }
  void Unmap() {
    if (!bytes.empty()) munmap(const_cast<char*>(bytes.data()), bytes.size());
    bytes = {};
  }

  std::string_view bytes;
};

PackIndex PackIndex::Load(const std::string& objects_dir) {
  PackIndex packs;
  std::error_code error;
  std::vector<std::filesystem::path> idx_files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(objects_dir) / "pack", error)) {
    if (entry.path().extension() == ".idx") idx_files.push_back(entry.path());
  }
  std::sort(idx_files.begin(), idx_files.end());  // a stable order between runs
  for (const auto& path : idx_files) {
    if (packs.packs_.size() + 1 >= (uint64_t{1} << (64 - kPackBits))) break;
    Pack pack;
    if (!ReadWholeFile(path, pack.index) || !ParseIndex(pack)) continue;
    pack.cruft = std::filesystem::exists(std::filesystem::path(path).replace_extension(".mtimes"), error);
    auto mapping = std::make_shared<Mapping>(std::filesystem::path(path).replace_extension(".pack"));
    if (mapping->Valid()) pack.data = std::move(mapping);
    packs.packs_.push_back(std::move(pack));
  }
  return packs;
}

// Checks the header and that every table fits in the file.
bool PackIndex::ParseIndex(Pack& index) {
  const std::string& bytes = index.index;
  size_t fanout_at = 0;
  if (bytes.size() >= sizeof(kMagicV2) && std::memcmp(bytes.data(), kMagicV2, sizeof(kMagicV2)) == 0) {
    index.version = 2;
    fanout_at = sizeof(kMagicV2);
  } else if (bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0xff && bytes.compare(1, 3, "tOc") == 0) {
    return false;  // a later index version
  } else {
    index.version = 1;
  }
  if (bytes.size() < fanout_at + kFanoutSize) return false;
  uint32_t previous = 0;
  for (int i = 0; i < 256; ++i) {
    uint32_t value = ReadU32(bytes, fanout_at + 4 * static_cast<size_t>(i));
    if (value < previous) return false;
    previous = value;
  }
  index.count = previous;
  size_t entries = fanout_at + kFanoutSize;
  size_t needed = index.version == 2 ? entries + size_t{index.count} * (kHashSize + 4 + 4)
                                     : entries + size_t{index.count} * (4 + kHashSize);
  return bytes.size() >= needed + 2 * kHashSize;  // + pack and index checksums
}

const char* PackIndex::IdAt(const Pack& index, uint32_t row) {
  const size_t entries = FanoutAt(index.version) + kFanoutSize;
  // Version 2 lists ids alone; version 1 lists (4-byte offset, id) pairs.
  return index.version == 2 ? index.index.data() + entries + size_t{row} * kHashSize
                            : index.index.data() + entries + size_t{row} * (4 + kHashSize) + 4;
}

uint64_t PackIndex::OffsetAt(const Pack& index, uint32_t row) {
  const std::string& bytes = index.index;
  const size_t entries = FanoutAt(index.version) + kFanoutSize;
  if (index.version == 1) return ReadU32(bytes, entries + size_t{row} * (4 + kHashSize));
  size_t offsets_at = entries + size_t{index.count} * (kHashSize + 4);
  uint32_t offset = ReadU32(bytes, offsets_at + size_t{row} * 4);
  if ((offset & 0x80000000u) == 0) return offset;
  size_t large_at = offsets_at + size_t{index.count} * 4 + size_t{offset & 0x7fffffffu} * 8;
  if (large_at + 8 > bytes.size()) return kUnknown;
  return ReadU64(bytes, large_at);
}

uint64_t PackIndex::Find(const Pack& index, const git_oid& oid) {
  const size_t fanout_at = FanoutAt(index.version);
  unsigned first_byte = oid.id[0];
  uint32_t low = first_byte == 0 ? 0 : ReadU32(index.index, fanout_at + 4 * (first_byte - 1));
  uint32_t high = ReadU32(index.index, fanout_at + 4 * first_byte);
  while (low < high) {
    uint32_t middle = low + (high - low) / 2;
    int order = std::memcmp(IdAt(index, middle), oid.id, kHashSize);
    if (order == 0) return OffsetAt(index, middle);
    if (order < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return kUnknown;
}

namespace {

uint64_t Position(size_t pack, uint64_t offset) {
  return (uint64_t{pack} << kPackBits) | std::min(offset, (uint64_t{1} << kPackBits) - 1);
}

}  // namespace

std::optional<PackIndex::Location> PackIndex::Locate(const git_oid& oid) const {
  for (size_t pack = 0; pack < packs_.size(); ++pack) {
    uint64_t offset = Find(packs_[pack], oid);
    if (offset != kUnknown) return Location{pack, offset};
  }
  return std::nullopt;
}

uint64_t PackIndex::OffsetIn(size_t pack, const git_oid& oid) const {
  return pack < packs_.size() ? Find(packs_[pack], oid) : kUnknown;
}

std::optional<PackIndex::Entry> PackIndex::EntryAt(size_t pack, uint64_t offset) const {
  return pack < packs_.size() ? ReadEntry(packs_[pack], offset) : std::nullopt;
}

std::string_view PackIndex::DataOf(size_t pack, const Entry& entry) const {
  std::string_view bytes = packs_[pack].data->bytes;
  return bytes.substr(entry.data_at, bytes.size() - kHashSize - entry.data_at);
}

uint64_t PackIndex::PositionOf(const git_oid& oid) const {
  auto located = Locate(oid);
  return located ? Position(located->pack, located->offset) : kUnknown;
}

std::vector<uint64_t> PackIndex::PositionsOf(const std::vector<git_oid>& oids) const {
  std::vector<uint64_t> positions(oids.size(), kUnknown);
  std::vector<size_t> order(oids.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return git_oid_cmp(&oids[a], &oids[b]) < 0; });
  for (size_t pack = 0; pack < packs_.size(); ++pack) {
    const Pack& index = packs_[pack];
    uint32_t row = 0;
    for (size_t i : order) {
      if (positions[i] != kUnknown) continue;  // found in an earlier pack
      while (row < index.count && std::memcmp(IdAt(index, row), oids[i].id, kHashSize) < 0) ++row;
      if (row == index.count) break;
      if (std::memcmp(IdAt(index, row), oids[i].id, kHashSize) == 0) {
        uint64_t offset = OffsetAt(index, row);
        if (offset != kUnknown) positions[i] = Position(pack, offset);
      }
    }
  }
  return positions;
}

// Parses the entry header at `offset`: type and size, and skips a delta's base.
std::optional<PackIndex::Entry> PackIndex::ReadEntry(const Pack& pack, uint64_t offset) {
  if (!pack.data) return std::nullopt;
  std::string_view bytes = pack.data->bytes;
  const uint64_t end = bytes.size() - kHashSize;  // the trailing checksum
  if (offset < kPackHeaderSize || offset >= end) return std::nullopt;
  auto at = [&](uint64_t i) { return static_cast<unsigned char>(bytes[i]); };
  uint64_t p = offset;
  Entry entry;
  unsigned c = at(p++);
  entry.type = static_cast<int>((c >> 4) & 7);
  entry.size = c & 15;
  for (int shift = 4; c & 0x80; shift += 7) {
    if (p >= end || shift > 57) return std::nullopt;
    c = at(p++);
    entry.size |= uint64_t{c & 0x7f} << shift;
  }
  if (entry.type == kOfsDelta) {
    // Big-endian base-128, each continuation adding one (git's encoding).
    if (p >= end) return std::nullopt;
    c = at(p++);
    uint64_t distance = c & 0x7f;
    while (c & 0x80) {
      if (p >= end || distance >= (uint64_t{1} << 56)) return std::nullopt;
      c = at(p++);
      distance = ((distance + 1) << 7) | (c & 0x7f);
    }
    if (distance == 0 || distance > offset) return std::nullopt;
    entry.base_offset = offset - distance;
  } else if (entry.type == kRefDelta) {
    if (end - p < kHashSize) return std::nullopt;
    entry.base_id = bytes.data() + p;
    p += kHashSize;
  } else if (entry.type < 1 || entry.type > 4) {
    return std::nullopt;  // 0 and 5 are not object types
  }
  entry.data_at = p;
  return entry;
}

std::vector<git_oid> PackIndex::PackedBlobs() const {
  std::vector<git_oid> blobs;
  ForEachPackedBlob([&](const git_oid& blob) { blobs.push_back(blob); });
  return blobs;
}

size_t PackIndex::object_count() const {
  size_t count = 0;
  for (const Pack& pack : packs_) count += pack.count;
  return count;
}

void PackIndex::ForEachPackedBlob(const std::function<void(const git_oid&)>& visit) const {
  for (size_t pack_number = 0; pack_number < packs_.size(); ++pack_number) {
    const Pack& pack = packs_[pack_number];
    if (!pack.data || pack.cruft) continue;
    // Rows by offset: a delta's type is its base's, and an offset delta's
    // base always lies before it, so one pass in this order knows most bases.
    std::vector<std::pair<uint64_t, uint32_t>> by_offset(pack.count);  // (offset, row)
    for (uint32_t row = 0; row < pack.count; ++row) by_offset[row] = {OffsetAt(pack, row), row};
    std::sort(by_offset.begin(), by_offset.end());
    auto index_of = [&](uint64_t offset) -> std::optional<size_t> {
      auto it = std::lower_bound(by_offset.begin(), by_offset.end(), std::make_pair(offset, uint32_t{0}));
      if (it == by_offset.end() || it->first != offset) return std::nullopt;
      return static_cast<size_t>(it - by_offset.begin());
    };
    constexpr int kUnresolved = -1;
    constexpr int kOnChain = -2;  // being followed: meeting it again is a cycle
    constexpr int kBroken = 0;
    std::vector<int8_t> types(pack.count, kUnresolved);  // a byte each: packs can hold millions
    std::vector<size_t> chain;
    for (size_t i = 0; i < by_offset.size(); ++i) {
      // Follows bases until one whose type is known or stored whole; a cycle
      // (reference deltas naming each other) is damage.
      chain.clear();
      size_t at = i;
      int type = kBroken;
      while (true) {
        if (types[at] == kOnChain) break;
        if (types[at] != kUnresolved) {
          type = types[at];
          break;
        }
        chain.push_back(at);
        types[at] = kOnChain;
        std::optional<Entry> entry = ReadEntry(pack, by_offset[at].first);
        if (!entry) break;
        std::optional<size_t> base;
        if (entry->type == kOfsDelta) {
          base = index_of(entry->base_offset);
        } else if (entry->type == kRefDelta) {
          git_oid base_id;
          std::memcpy(base_id.id, entry->base_id, kHashSize);
          uint64_t base_offset = Find(pack, base_id);
          if (base_offset != kUnknown) base = index_of(base_offset);
        } else {
          type = entry->type;
          break;
        }
        if (!base) break;
        at = *base;
      }
      for (size_t link : chain) types[link] = static_cast<int8_t>(type);
      if (type != kBlob) continue;
      git_oid oid;
      std::memcpy(oid.id, IdAt(pack, by_offset[i].second), kHashSize);
      // An object in two packs is listed once, from the first.
      bool earlier = false;
      for (size_t other = 0; other < pack_number && !earlier; ++other) earlier = Find(packs_[other], oid) != kUnknown;
      if (!earlier) visit(oid);
    }
  }
}

}  // namespace vigil

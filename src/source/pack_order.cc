#include "source/pack_order.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace vigil {
namespace {

constexpr size_t kHashSize = 20;  // SHA-1; libgit2 1.5 reads no other kind
constexpr size_t kFanoutSize = 256 * 4;
constexpr unsigned char kMagicV2[] = {0xff, 't', 'O', 'c', 0, 0, 0, 2};
constexpr int kPackBits = 40;  // offsets below 1 TiB; packs numbered above that

uint32_t ReadU32(const std::string& bytes, size_t offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + offset);
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

uint64_t ReadU64(const std::string& bytes, size_t offset) {
  return (uint64_t{ReadU32(bytes, offset)} << 32) | ReadU32(bytes, offset + 4);
}

}  // namespace

PackOrder PackOrder::Load(const std::string& objects_dir) {
  PackOrder order;
  std::error_code error;
  std::vector<std::filesystem::path> idx_files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(objects_dir) / "pack", error)) {
    if (entry.path().extension() == ".idx") idx_files.push_back(entry.path());
  }
  std::sort(idx_files.begin(), idx_files.end());  // a stable order between runs
  for (const auto& path : idx_files) {
    if (order.packs_.size() + 1 >= (uint64_t{1} << (64 - kPackBits))) break;
    std::ifstream in(path, std::ios::binary);
    Index index;
    index.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad() || !Parse(index)) continue;
    order.packs_.push_back(std::move(index));
  }
  return order;
}

// Checks the header and that every table fits in the file.
bool PackOrder::Parse(Index& index) {
  const std::string& bytes = index.bytes;
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

uint64_t PackOrder::Find(const Index& index, const git_oid& oid) {
  const std::string& bytes = index.bytes;
  size_t fanout_at = index.version == 2 ? sizeof(kMagicV2) : 0;
  size_t entries = fanout_at + kFanoutSize;
  unsigned first_byte = oid.id[0];
  uint32_t low = first_byte == 0 ? 0 : ReadU32(bytes, fanout_at + 4 * (first_byte - 1));
  uint32_t high = ReadU32(bytes, fanout_at + 4 * first_byte);
  const size_t stride = index.version == 2 ? kHashSize : 4 + kHashSize;
  const size_t hash_at = index.version == 2 ? entries : entries + 4;
  while (low < high) {
    uint32_t middle = low + (high - low) / 2;
    int order = std::memcmp(bytes.data() + hash_at + size_t{middle} * stride, oid.id, kHashSize);
    if (order == 0) {
      if (index.version == 1) return ReadU32(bytes, entries + size_t{middle} * stride);
      size_t offsets_at = entries + size_t{index.count} * (kHashSize + 4);
      uint32_t offset = ReadU32(bytes, offsets_at + size_t{middle} * 4);
      if ((offset & 0x80000000u) == 0) return offset;
      size_t large_at = offsets_at + size_t{index.count} * 4 + size_t{offset & 0x7fffffffu} * 8;
      if (large_at + 8 > bytes.size()) return UINT64_MAX;
      return ReadU64(bytes, large_at);
    }
    if (order < 0) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return UINT64_MAX;
}

uint64_t PackOrder::PositionOf(const git_oid& oid) const {
  for (size_t pack = 0; pack < packs_.size(); ++pack) {
    uint64_t offset = Find(packs_[pack], oid);
    if (offset != UINT64_MAX) {
      return (uint64_t{pack} << kPackBits) | std::min(offset, (uint64_t{1} << kPackBits) - 1);
    }
  }
  return UINT64_MAX;
}

}  // namespace vigil

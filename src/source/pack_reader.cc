#include "source/pack_reader.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <utility>
#include <vector>

namespace vigil {
namespace {

// Longer chains than git ever writes (its default limit is 50, its maximum
// 4095) are damage.
constexpr size_t kMaxChainLength = 10000;

uint64_t CacheKey(size_t pack, uint64_t offset) { return offset ^ (uint64_t{pack} << 48); }

// A little-endian base-128 number, as delta headers hold.
bool ReadVarint(std::string_view& in, uint64_t& value) {
  value = 0;
  for (int shift = 0; !in.empty() && shift <= 63; shift += 7) {
    auto c = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    value |= uint64_t{c & 0x7fu} << shift;
    if ((c & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

bool ApplyDelta(std::string_view base, std::string_view delta, std::string& out) {
  uint64_t base_size = 0;
  uint64_t result_size = 0;
  if (!ReadVarint(delta, base_size) || !ReadVarint(delta, result_size)) return false;
  if (base_size != base.size() || result_size > PackReader::kMaxChainObject) return false;
  out.resize(result_size);
  char* to = out.data();
  size_t room = out.size();
  while (!delta.empty()) {
    auto op = static_cast<unsigned char>(delta.front());
    delta.remove_prefix(1);
    if (op & 0x80) {
      // Copy from the base: which offset and size bytes follow is in op's bits.
      uint64_t offset = 0;
      uint64_t size = 0;
      for (int i = 0; i < 7; ++i) {
        if ((op & (1u << i)) == 0) continue;
        if (delta.empty()) return false;
        uint64_t byte = static_cast<unsigned char>(delta.front());
        delta.remove_prefix(1);
        if (i < 4) {
          offset |= byte << (8 * i);
        } else {
          size |= byte << (8 * (i - 4));
        }
      }
      if (size == 0) size = 0x10000;
      if (offset > base.size() || size > base.size() - offset || size > room) return false;
      std::memcpy(to, base.data() + offset, size);
      to += size;
      room -= size;
    } else if (op != 0) {
      // Insert the next `op` bytes of the delta.
      if (op > delta.size() || op > room) return false;
      std::memcpy(to, delta.data(), op);
      delta.remove_prefix(op);
      to += op;
      room -= op;
    } else {
      return false;  // reserved
    }
  }
  return room == 0;
}

struct PackReader::Stream {
  z_stream z{};
  bool ready = false;
};

PackReader::PackReader(const PackIndex& packs, size_t cache_bytes)
    : packs_(packs), cache_bytes_(cache_bytes), stream_(std::make_unique<Stream>()) {
  stream_->ready = inflateInit(&stream_->z) == Z_OK;
}

PackReader::~PackReader() {
  if (stream_->ready) inflateEnd(&stream_->z);
}

PackReader::Object PackReader::Read(const git_oid& oid, uint64_t max_size) {
  std::optional<PackIndex::Location> located = packs_.Locate(oid);
  if (!located) return {};
  std::optional<PackIndex::Entry> entry = packs_.EntryAt(located->pack, located->offset);
  if (!entry) return {};
  std::optional<uint64_t> size = SizeAt(located->pack, *entry);
  if (!size) return {};
  if (*size > max_size) return Object{0, nullptr, true};
  return ReadAt(located->pack, located->offset);
}

std::optional<uint64_t> PackReader::SizeOf(const git_oid& oid) {
  std::optional<PackIndex::Location> located = packs_.Locate(oid);
  if (!located) return std::nullopt;
  std::optional<PackIndex::Entry> entry = packs_.EntryAt(located->pack, located->offset);
  if (!entry) return std::nullopt;
  return SizeAt(located->pack, *entry);
}

// A delta starts with two little-endian base-128 sizes: its base's, then its
// result's. Inflating the first few bytes is enough to read them.
std::optional<uint64_t> PackReader::SizeAt(size_t pack, const PackIndex::Entry& entry) {
  if (entry.type != PackIndex::kOfsDelta && entry.type != PackIndex::kRefDelta) return entry.size;
  if (!stream_->ready || inflateReset(&stream_->z) != Z_OK) return std::nullopt;
  std::string_view compressed = packs_.DataOf(pack, entry);
  char out[32];
  z_stream& z = stream_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(compressed.size(), UINT_MAX));
  z.next_out = reinterpret_cast<Bytef*>(out);
  z.avail_out = sizeof(out);
  int status = inflate(&z, Z_SYNC_FLUSH);
  if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) return std::nullopt;
  std::string_view header(out, sizeof(out) - z.avail_out);
  uint64_t base_size = 0;
  uint64_t result_size = 0;
  if (!ReadVarint(header, base_size) || !ReadVarint(header, result_size)) return std::nullopt;
  return result_size;
}

// Walks down the delta chain to a cached or whole object, then applies the
// deltas back up, remembering each object built: the next entries in pack
// order are mostly deltas against those.
PackReader::Object PackReader::ReadAt(size_t pack, uint64_t offset) {
  std::vector<std::pair<uint64_t, PackIndex::Entry>> deltas;  // from `offset` down
  Object base;
  uint64_t at = offset;
  while (true) {
    if (const Object* cached = Lookup(CacheKey(pack, at))) {
      base = *cached;
      break;
    }
    std::optional<PackIndex::Entry> entry = packs_.EntryAt(pack, at);
    if (!entry || entry->size > kMaxChainObject) return {};
    if (entry->type != PackIndex::kOfsDelta && entry->type != PackIndex::kRefDelta) {
      auto data = std::make_shared<std::string>();
      if (!Inflate(packs_.DataOf(pack, *entry), entry->size, *data)) return {};
      base = Object{entry->type, std::move(data)};
      Remember(CacheKey(pack, at), base);
      break;
    }
    if (deltas.size() == kMaxChainLength) return {};
    deltas.emplace_back(at, *entry);
    if (entry->type == PackIndex::kOfsDelta) {
      at = entry->base_offset;
    } else {
      git_oid base_id;
      std::memcpy(base_id.id, entry->base_id, sizeof(base_id.id));
      at = packs_.OffsetIn(pack, base_id);
      if (at == PackIndex::kUnknown) return {};
    }
  }
  for (auto link = deltas.rbegin(); link != deltas.rend(); ++link) {
    if (!Inflate(packs_.DataOf(pack, link->second), link->second.size, delta_)) return {};
    auto data = std::make_shared<std::string>();
    if (!ApplyDelta(*base.data, delta_, *data)) return {};
    base = Object{base.type, std::move(data)};
    Remember(CacheKey(pack, link->first), base);
  }
  return base;
}

// Inflates exactly `size` bytes that end the zlib stream.
bool PackReader::Inflate(std::string_view compressed, uint64_t size, std::string& out) {
  if (!stream_->ready || inflateReset(&stream_->z) != Z_OK) return false;
  out.resize(size);
  z_stream& z = stream_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  size_t in_left = compressed.size();
  size_t out_left = out.size();
  int status = Z_OK;
  // zlib counts in 32-bit units; feed larger buffers in slices.
  while (status == Z_OK) {
    z.avail_in = static_cast<uInt>(std::min<size_t>(in_left, UINT_MAX));
    z.avail_out = static_cast<uInt>(std::min<size_t>(out_left, UINT_MAX));
    uInt in_before = z.avail_in;
    uInt out_before = z.avail_out;
    status = inflate(&z, Z_FINISH);
    in_left -= in_before - z.avail_in;
    out_left -= out_before - z.avail_out;
    if (status == Z_BUF_ERROR && out_left > 0 && in_left > 0) status = Z_OK;  // a slice ran out
  }
  return status == Z_STREAM_END && out_left == 0;
}

const PackReader::Object* PackReader::Lookup(uint64_t key) {
  auto it = cache_.find(key);
  if (it == cache_.end()) return nullptr;
  recency_.splice(recency_.begin(), recency_, it->second.recency);
  return &it->second.object;
}

// Keeps the newest object even when it alone exceeds the budget: it is the
// likeliest base of the next entry, whatever its size.
void PackReader::Remember(uint64_t key, const Object& object) {
  if (cache_.contains(key)) return;
  recency_.push_front(key);
  cache_.emplace(key, Cached{object, recency_.begin()});
  cached_bytes_ += object.data->size();
  while (cached_bytes_ > cache_bytes_ && recency_.size() > 1) {
    auto oldest = cache_.find(recency_.back());
    cached_bytes_ -= oldest->second.object.data->size();
    cache_.erase(oldest);
    recency_.pop_back();
  }
}

}  // namespace vigil

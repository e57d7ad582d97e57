#include "source/pack_reader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "unit/pack_fixtures.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

// A delta as git writes it: base size, result size, then instructions.
std::string Varint(uint64_t value) {
  std::string out;
  do {
    unsigned char byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out += static_cast<char>(byte);
  } while (value != 0);
  return out;
}

std::string Copy(uint8_t offset, uint8_t size) {
  return std::string{static_cast<char>(0x80 | 0x01 | 0x10), static_cast<char>(offset), static_cast<char>(size)};
}

std::string Insert(const std::string& text) { return static_cast<char>(text.size()) + text; }

TEST(ApplyDeltaTest, CopiesAndInserts) {
  std::string base = "hello, world";
  std::string delta = Varint(base.size()) + Varint(13) + Copy(0, 7) + Insert("there!");
  std::string out;
  ASSERT_TRUE(ApplyDelta(base, delta, out));
  EXPECT_EQ(out, "hello, there!");
}

TEST(ApplyDeltaTest, RejectsMalformedDeltas) {
  std::string base = "hello, world";
  std::string out;
  auto header = [&](uint64_t result) { return Varint(base.size()) + Varint(result); };
  EXPECT_FALSE(ApplyDelta(base, Varint(5) + Varint(5) + Copy(0, 5), out)) << "another base size";
  EXPECT_FALSE(ApplyDelta(base, header(5) + Copy(10, 5), out)) << "copy past the base";
  EXPECT_FALSE(ApplyDelta(base, header(20) + Copy(0, 12), out)) << "shorter than declared";
  EXPECT_FALSE(ApplyDelta(base, header(4) + Copy(0, 12), out)) << "longer than declared";
  EXPECT_FALSE(ApplyDelta(base, header(3) + std::string(1, '\0'), out)) << "reserved instruction";
  EXPECT_FALSE(ApplyDelta(base, header(3) + "\x05" "ab", out)) << "insert past the delta's end";
  EXPECT_FALSE(ApplyDelta(base, header(3) + "\x91", out)) << "copy cut short";
  EXPECT_FALSE(ApplyDelta(base, "\x8c", out)) << "header cut short";
  EXPECT_FALSE(ApplyDelta(base, header(uint64_t{1} << 40), out)) << "absurd result size";
}

// Every object read from the pack equals what libgit2 reads, whatever the
// read order and cache size, for offset and reference deltas.
TEST_F(RealPackTest, ReadsEveryObjectAsLibgit2Does) {
  for (bool reference_deltas : {false, true}) {
    SCOPED_TRACE(reference_deltas ? "reference deltas" : "offset deltas");
    if (reference_deltas) UseReferenceDeltas();
    auto objects = Libgit2Objects();
    ASSERT_GT(objects.size(), 40u);
    PackIndex packs = PackIndex::Load((repo_ / ".git" / "objects").string());
    std::vector<std::string> order;
    for (const auto& [hex, object] : objects) order.push_back(hex);
    for (size_t cache_bytes : {size_t{0}, size_t{4} << 20}) {
      for (int pass = 0; pass < 2; ++pass) {
        PackReader reader(packs, cache_bytes);
        for (const std::string& hex : order) {
          PackReader::Object read = reader.Read(FromHex(hex));
          ASSERT_TRUE(read.data) << hex;
          if (!read.data->empty()) {
            PackReader::Object limited = reader.Read(FromHex(hex), read.data->size() - 1);
            EXPECT_TRUE(limited.too_large && !limited.data) << hex;
          }
          EXPECT_EQ(read.type, objects[hex].first) << hex;
          EXPECT_EQ(*read.data, objects[hex].second) << hex;
        }
        std::reverse(order.begin(), order.end());
      }
    }
  }
}

// PackedBlobs lists each blob of the pack once, in pack order; a cruft pack
// (unreachable objects) is left out.
TEST_F(RealPackTest, PackedBlobsAreEveryBlobInPackOrder) {
  auto objects = Libgit2Objects();
  std::vector<std::string> expected;
  for (const auto& [hex, object] : objects) {
    if (object.first == GIT_OBJECT_BLOB) expected.push_back(hex);
  }
  ASSERT_GE(expected.size(), 24u);
  PackIndex packs = PackIndex::Load((repo_ / ".git" / "objects").string());
  std::vector<git_oid> blobs = packs.PackedBlobs();
  std::vector<std::string> listed;
  for (const git_oid& oid : blobs) listed.push_back(git_oid_tostr_s(&oid));
  std::vector<uint64_t> positions = packs.PositionsOf(blobs);
  EXPECT_TRUE(std::is_sorted(positions.begin(), positions.end()));
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, expected);

  fs::path mtimes = PackFile();
  WriteBytes(mtimes.replace_extension(".mtimes"), "");
  EXPECT_TRUE(PackIndex::Load((repo_ / ".git" / "objects").string()).PackedBlobs().empty());
}

// Two reference deltas naming each other as base: no type, no object, no hang.
TEST_F(PackIndexTest, ReferenceDeltaCycleIsDamageNotAHang) {
  git_oid a = Oid(0x10, 1);
  git_oid b = Oid(0x20, 2);
  auto ref_delta = [](const git_oid& base) {
    std::string entry(1, static_cast<char>((7 << 4) | 4));  // type 7, size 4
    entry.append(reinterpret_cast<const char*>(base.id), 20);
    return entry + std::string("\x78\x9c\x63\x60\x60\x60\x00\x00\x00\x04\x00\x01", 12);  // zlib of 4 bytes
  };
  std::string pack = std::string("PACK\0\0\0\2\0\0\0\2", 12);
  uint64_t at_a = pack.size();
  pack += ref_delta(b);
  uint64_t at_b = pack.size();
  pack += ref_delta(a);
  pack += std::string(20, '\0');  // checksum
  WriteIndex("pack-cycle.idx", MakeIndex({{a, at_a}, {b, at_b}}, 2));
  WriteBytes(objects_ / "pack" / "pack-cycle.pack", pack);
  PackIndex packs = PackIndex::Load(objects_.string());
  ASSERT_EQ(packs.pack_count(), 1u);
  EXPECT_TRUE(packs.PackedBlobs().empty());
  PackReader reader(packs);
  EXPECT_FALSE(reader.Read(a).data);
  EXPECT_FALSE(reader.Read(b).data);
}

// A damaged pack gives no object or some bytes, never a crash or a hang.
TEST_F(RealPackTest, DamagedPacksGiveNothingNotCrashes) {
  auto objects = Libgit2Objects();
  fs::path pack = PackFile();
  ASSERT_FALSE(pack.empty());
  std::string bytes = ReadBytes(pack);
  fs::permissions(pack, fs::perms::owner_read | fs::perms::owner_write);
  auto read_all = [&](const char* what, bool expect_nothing) {
    PackIndex packs = PackIndex::Load((repo_ / ".git" / "objects").string());
    packs.PackedBlobs();
    PackReader reader(packs);
    for (const auto& [hex, object] : objects) {
      PackReader::Object read = reader.Read(FromHex(hex));
      if (expect_nothing) {
        EXPECT_FALSE(read.data) << what << " " << hex;
      }
    }
  };
  std::string cut = bytes.substr(0, bytes.size() / 2);
  WriteBytes(pack, cut);
  read_all("cut in half", false);
  std::string noise = bytes;
  for (size_t i = 12; i + 20 < noise.size(); i += 3) noise[i] = static_cast<char>(noise[i] * 7 + 13);
  WriteBytes(pack, noise);
  read_all("scrambled", false);
  WriteBytes(pack, std::string("XACK") + bytes.substr(4));
  read_all("bad magic", true);
}

TEST_F(RealPackTest, SizesMatchWhatLibgit2Reads) {
  auto headers = Libgit2Headers();
  ASSERT_GT(headers.size(), 40u);
  PackIndex packs = PackIndex::Load((repo_ / ".git" / "objects").string());
  ASSERT_EQ(packs.pack_count(), 1u);
  std::vector<git_oid> all;
  std::vector<uint64_t> one_by_one;
  for (const auto& [hex, header] : headers) {
    all.push_back(FromHex(hex));
    one_by_one.push_back(packs.PositionOf(all.back()));
  }
  EXPECT_EQ(packs.PositionsOf(all), one_by_one);
  PackReader reader(packs);
  for (const auto& [hex, header] : headers) {
    std::optional<uint64_t> size = reader.SizeOf(FromHex(hex));
    ASSERT_TRUE(size.has_value()) << hex;
    EXPECT_EQ(*size, header.first) << hex;
  }
  // The twelve versions of big.txt are stored as deltas, so delta headers were read.
  // verify-pack -v lists a delta as "id type size packed-size offset depth base".
  std::string verify = "git -C '" + repo_.string() + "' verify-pack -v " + pack_dir_.string() +
                       "/*.idx | awk '$2 == \"blob\" && NF == 7' | wc -l > '" + repo_.string() + "/deltas'";
  ASSERT_EQ(std::system(verify.c_str()), 0);
  EXPECT_GE(std::stoi(ReadBytes(repo_ / "deltas")), 10);
}

// A damaged pack loses sizes, never the process.
TEST_F(RealPackTest, DamagedPacksGiveUnknownsNotCrashes) {
  auto headers = Libgit2Headers();
  fs::path pack;
  for (const auto& entry : fs::directory_iterator(pack_dir_)) {
    if (entry.path().extension() == ".pack") pack = entry.path();
  }
  ASSERT_FALSE(pack.empty());
  std::string bytes = ReadBytes(pack);
  auto check_all = [&](const char* what, bool expect_unknown) {
    PackIndex packs = PackIndex::Load((repo_ / ".git" / "objects").string());
    PackReader reader(packs);
    for (const auto& [hex, header] : headers) {
      git_oid oid = FromHex(hex);
      std::optional<uint64_t> size = reader.SizeOf(oid);
      if (expect_unknown) {
        EXPECT_FALSE(size.has_value()) << what << " " << hex;
      }
      EXPECT_NE(packs.PositionOf(oid), PackIndex::kUnknown) << what;  // the index still orders
    }
  };
  fs::permissions(pack, fs::perms::owner_read | fs::perms::owner_write);
  std::string bad_magic = bytes;
  bad_magic[0] = 'X';
  WriteBytes(pack, bad_magic);
  check_all("bad magic", true);
  WriteBytes(pack, bytes.substr(0, 30));
  check_all("cut to 30 bytes", true);
  // Every entry header and zlib stream scrambled: whatever is read, safely.
  std::string noise = bytes;
  for (size_t i = 12; i + 20 < noise.size(); i += 3) noise[i] = static_cast<char>(noise[i] * 7 + 13);
  WriteBytes(pack, noise);
  check_all("scrambled", false);
  fs::remove(pack);
  check_all("missing pack", true);
}

}  // namespace
}  // namespace vigil

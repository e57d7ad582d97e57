#include "source/pack_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "unit/pack_fixtures.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

TEST_F(PackIndexTest, SortsObjectsByPackThenOffsetForBothIndexVersions) {
  for (int version : {1, 2}) {
    SCOPED_TRACE(version);
    fs::remove_all(objects_ / "pack");
    fs::create_directories(objects_ / "pack");
    // Hash order differs from offset order on purpose.
    WriteIndex("pack-a.idx", MakeIndex({{Oid(0x10, 1), 900}, {Oid(0xf0, 2), 12}, {Oid(0x10, 3), 400}}, version));
    WriteIndex("pack-b.idx", MakeIndex({{Oid(0x01, 4), 12}}, version));
    PackIndex order = PackIndex::Load(objects_.string());
    EXPECT_EQ(order.pack_count(), 2u);
    std::vector<std::pair<uint64_t, int>> positions = {{order.PositionOf(Oid(0x10, 1)), 1},
                                                       {order.PositionOf(Oid(0xf0, 2)), 2},
                                                       {order.PositionOf(Oid(0x10, 3)), 3},
                                                       {order.PositionOf(Oid(0x01, 4)), 4}};
    std::sort(positions.begin(), positions.end());
    std::vector<int> sorted;
    for (const auto& position : positions) sorted.push_back(position.second);
    EXPECT_EQ(sorted, (std::vector<int>{2, 3, 1, 4}));  // pack-a by offset, then pack-b
    EXPECT_EQ(order.PositionOf(Oid(0x10, 9)), UINT64_MAX);
    // All at once, in any order, unknown ones included: the same positions.
    std::vector<git_oid> many = {Oid(0xf0, 2), Oid(0x10, 9), Oid(0x01, 4), Oid(0x10, 1), Oid(0x10, 3), Oid(0x00, 0)};
    std::vector<uint64_t> expected;
    for (const git_oid& oid : many) expected.push_back(order.PositionOf(oid));
    EXPECT_EQ(order.PositionsOf(many), expected);
  }
}

TEST_F(PackIndexTest, ReadsLargeOffsets) {
  WriteIndex("pack-big.idx", MakeIndex({{Oid(0x20, 1), (uint64_t{5} << 32) + 7}, {Oid(0x30, 2), 100}}, 2));
  PackIndex order = PackIndex::Load(objects_.string());
  EXPECT_LT(order.PositionOf(Oid(0x30, 2)), order.PositionOf(Oid(0x20, 1)));
  EXPECT_NE(order.PositionOf(Oid(0x20, 1)), UINT64_MAX);
}

// A damaged index costs the read order of its objects, never the scan.
TEST_F(PackIndexTest, SkipsDamagedIndexes) {
  std::string good = MakeIndex({{Oid(0x10, 1), 50}}, 2);
  WriteIndex("pack-good.idx", good);
  WriteIndex("pack-cut.idx", MakeIndex({{Oid(0x20, 1), 50}, {Oid(0x21, 1), 60}}, 2).substr(0, 1100));
  std::string descending = good;
  descending[8 + 4 * 10 + 3] = 9;  // a fan-out entry larger than the next
  WriteIndex("pack-fanout.idx", descending);
  WriteIndex("pack-v3.idx", std::string("\xfftOc\0\0\0\3", 8) + std::string(2000, '\0'));
  WriteIndex("pack-empty.idx", "");
  PackIndex order = PackIndex::Load(objects_.string());
  EXPECT_EQ(order.pack_count(), 1u);
  EXPECT_NE(order.PositionOf(Oid(0x10, 1)), UINT64_MAX);
  EXPECT_EQ(order.PositionOf(Oid(0x20, 1)), UINT64_MAX);
  EXPECT_EQ(PackIndex::Load((objects_ / "missing").string()).pack_count(), 0u);
}


}  // namespace
}  // namespace vigil

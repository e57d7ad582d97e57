#include "util/sha256.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Sha256, MatchesKnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalUpdatesEqualOneShot) {
  std::string text(1000, 'q');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
  Sha256 hasher;
  for (size_t i = 0; i < text.size(); i += 37) hasher.Update(std::string_view(text).substr(i, 37));
  auto digest = hasher.Finish();
  EXPECT_EQ(ToHex(digest.data(), digest.size()), Sha256Hex(text));
}

}  // namespace
}  // namespace vigil

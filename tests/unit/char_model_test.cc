#include "engine/char_model.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil {
namespace {

std::string Random(std::string_view alphabet, size_t length, unsigned seed) {
  std::string out;
  unsigned state = seed * 2654435761u + 99u;
  for (size_t i = 0; i < length; ++i) {
    state = state * 1103515245u + 12345u;
    out += alphabet[(state >> 16) % alphabet.size()];
  }
  return out;
}

constexpr std::string_view kBase62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kHex = "0123456789abcdef";

TEST(CharModel, TheEmbeddedModelLoads) {
  const CharModel& model = CharModel::Default();
  EXPECT_GT(model.BitsPerChar("x"), 0.0);
  EXPECT_EQ(model.BitsPerChar(""), 0.0);
  EXPECT_EQ(model.Randomness(""), 0.0);
}

TEST(CharModel, RejectsMalformedModels) {
  EXPECT_FALSE(CharModel::FromBytes("").has_value());
  EXPECT_FALSE(CharModel::FromBytes("VIGCM3").has_value());
  std::string wrong_magic(8 + 96 * 96 * 96, '\0');
  EXPECT_FALSE(CharModel::FromBytes(wrong_magic).has_value());
  std::string right = std::string("VIGCM3\0\0", 8) + std::string(96 * 96 * 96, '\x10');
  auto uniform = CharModel::FromBytes(right);
  ASSERT_TRUE(uniform.has_value());
  EXPECT_DOUBLE_EQ(uniform->BitsPerChar("anything"), 2.0);  // 16 eighths of a bit
}

// Words, identifiers, paths and stand-ins people write score low; keys that
// a machine made score high, whatever their alphabet.
TEST(CharModel, SeparatesWhatPeopleWriteFromWhatMachinesMake) {
  const CharModel& model = CharModel::Default();
  for (const char* human : {"correct_password", "V1ServiceAccountTokenProjection", "my-secret-value-here",
                            "/home/deploy/releases/current", "SalesResults-1.2", "DOC_Vector_5_32",
                            "thisismypassword", "your_api_key_here", "ultraPictureBox1", "NEXUS-GPT4-API-KEY"}) {
    EXPECT_LT(model.Randomness(human), 1.35) << human;
  }
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::string base62 = Random(kBase62, 32, seed);
    std::string hex = Random(kHex, 40, seed);
    EXPECT_GT(model.Randomness(base62), 1.5) << base62;
    EXPECT_GT(model.Randomness(hex), 1.4) << hex;
  }
}

TEST(CharModel, NonAsciiAndControlBytesAreScoredNotRejected) {
  const CharModel& model = CharModel::Default();
  EXPECT_GT(model.BitsPerChar("\xff\xfe\x01 caf\xc3\xa9"), 0.0);
}

}  // namespace
}  // namespace vigil

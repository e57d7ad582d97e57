#include "engine/entropy.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(ShannonEntropy, IsZeroForEmptyAndRepeatedText) {
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaaaaaa"), 0.0);
}

TEST(ShannonEntropy, CountsBitsPerCharacter) {
  EXPECT_DOUBLE_EQ(ShannonEntropy("ab"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("0123456789abcdef"), 4.0);
}

TEST(ShannonEntropy, RandomLookingTokensScoreHigherThanWords) {
  EXPECT_GT(ShannonEntropy("R3kq9ZpL2mVx8TtY4wNc6HsJ0aBdEfGu"), 4.5);
  EXPECT_LT(ShannonEntropy("passwordpassword"), 3.0);
}

}  // namespace
}  // namespace vigil

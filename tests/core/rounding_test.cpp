#include "rounding.h"

#include <gtest/gtest.h>

#include <cmath>

namespace leadscore::detail {
namespace {

TEST(RoundToCents, HalvesGoAwayFromZero) {
  EXPECT_DOUBLE_EQ(0.13, RoundToCents(0.125));
  EXPECT_DOUBLE_EQ(-0.13, RoundToCents(-0.125));
  EXPECT_DOUBLE_EQ(2.5, RoundToCents(2.5));
  EXPECT_DOUBLE_EQ(1.01, RoundToCents(1.005));  // 1.005 is stored as 1.00499999999999989
}

TEST(RoundToCents, NoiseBelowAHalfStillRoundsAsTheHalf) {
  EXPECT_DOUBLE_EQ(0.13, RoundToCents(0.125 - 1e-15));
  EXPECT_DOUBLE_EQ(0.12, RoundToCents(0.1249));
}

TEST(RoundToCents, NeverReportsNegativeZero) {
  EXPECT_FALSE(std::signbit(RoundToCents(-0.001)));
}

}  // namespace
}  // namespace leadscore::detail

#include "rate_limiter.h"

#include <gtest/gtest.h>

namespace leadscore::server {
namespace {

TEST(RateLimiter, AdmitsABurstThenAsksToWait) {
  RateLimiter limiter(2, 3);  // 2 per second, bursts of 3
  EXPECT_FALSE(limiter.Admit("10.0.0.1", 0));
  EXPECT_FALSE(limiter.Admit("10.0.0.1", 0));
  EXPECT_FALSE(limiter.Admit("10.0.0.1", 0));
  EXPECT_EQ(1, limiter.Admit("10.0.0.1", 0));
}

TEST(RateLimiter, RefillsAtTheRate) {
  RateLimiter limiter(2, 1);
  EXPECT_FALSE(limiter.Admit("a", 1000));
  EXPECT_TRUE(limiter.Admit("a", 1200));   // 0.4 tokens
  EXPECT_FALSE(limiter.Admit("a", 1500));  // 1.0 token
  EXPECT_TRUE(limiter.Admit("a", 1500));
}

TEST(RateLimiter, RoundsTheWaitUpToWholeSeconds) {
  RateLimiter limiter(0.25, 1);  // one every 4 s
  EXPECT_FALSE(limiter.Admit("a", 0));
  EXPECT_EQ(4, limiter.Admit("a", 0));
  EXPECT_EQ(2, limiter.Admit("a", 2000));
}

TEST(RateLimiter, KeepsClientsApart) {
  RateLimiter limiter(1, 1);
  EXPECT_FALSE(limiter.Admit("a", 0));
  EXPECT_TRUE(limiter.Admit("a", 0));
  EXPECT_FALSE(limiter.Admit("b", 0));
}

TEST(RateLimiter, ZeroRateAdmitsEverything) {
  RateLimiter limiter(0, 1);
  for (int n = 0; n < 1000; ++n) EXPECT_FALSE(limiter.Admit("a", 0));
}

TEST(RateLimiter, ForgetsRefilledClientsWhenTrackingMany) {
  RateLimiter limiter(1000, 1);
  for (int n = 0; n < 20000; ++n) EXPECT_FALSE(limiter.Admit("10.0." + std::to_string(n), n));
  // A client seen long ago is treated as new (a full bucket), which is what it would have anyway.
  EXPECT_FALSE(limiter.Admit("10.0.0", 30000));
}

}  // namespace
}  // namespace leadscore::server

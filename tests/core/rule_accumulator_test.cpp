#include "rule_accumulator.h"

#include <gtest/gtest.h>

namespace leadscore::detail {
namespace {

constexpr int64_t kDay = 86'400'000;

TEST(HalfLifeDecay, HalvesEveryHalfLife) {
  EXPECT_DOUBLE_EQ(12.0 * 0.25, HalfLifeDecay(12, 0, 14 * kDay, 7.0 * kDay));
}

TEST(HalfLifeDecay, NoDecayWithoutHalfLifeOrInTheFuture) {
  EXPECT_DOUBLE_EQ(12, HalfLifeDecay(12, 0, 14 * kDay, 0));
  EXPECT_DOUBLE_EQ(12, HalfLifeDecay(12, 5 * kDay, kDay, 7.0 * kDay));
}

TEST(RuleAccumulator, MaxTimesKeepsTheMostRecent) {
  RuleAccumulator rule(10, 1.0 * kDay, false, 2);
  rule.Add(0, "");
  rule.Add(kDay, "");
  rule.Add(2 * kDay, "");
  EXPECT_EQ(2, rule.count());
  EXPECT_DOUBLE_EQ(15, rule.Value(2 * kDay));
}

TEST(RuleAccumulator, DistinctCountsEachItemsLatestOccurrence) {
  RuleAccumulator rule(8, 1.0 * kDay, true, std::nullopt);
  rule.Add(0, "a");
  rule.Add(kDay, "b");
  rule.Add(2 * kDay, "a");  // replaces a@0
  EXPECT_EQ(2, rule.count());
  EXPECT_DOUBLE_EQ(8 + 4, rule.Value(2 * kDay));
}

TEST(RuleAccumulator, DistinctThenMaxTimes) {
  RuleAccumulator rule(1, 0, true, 2);
  rule.Add(1, "a");
  rule.Add(2, "b");
  rule.Add(3, "c");  // evicts a
  rule.Add(4, "a");  // a comes back as the most recent, evicting b
  EXPECT_EQ(2, rule.count());
  EXPECT_DOUBLE_EQ(2, rule.Value(4));
}

TEST(RuleAccumulator, ScoresInThePastOfLaterOccurrencesWithoutDecayingThem) {
  RuleAccumulator rule(4, 1.0 * kDay, false, std::nullopt);
  rule.Add(0, "");
  rule.Add(2 * kDay, "");
  EXPECT_DOUBLE_EQ(2 + 4, rule.Value(kDay));  // the later one counts undecayed
}

// The anchored sum used for large counts must agree with summing each occurrence.
TEST(RuleAccumulator, AnchoredSumAgreesWithDirectSum) {
  RuleAccumulator rule(3, 2.5 * kDay, true, 500);  // 701 items, the 500 most recent count
  double expected = 0;
  std::vector<int64_t> latest(701, -1);
  for (int i = 0; i < 5000; ++i) {
    int64_t t = static_cast<int64_t>(i) * 3'600'000;
    rule.Add(t, std::to_string((i * 7) % 701));
    latest[(i * 7) % 701] = t;
  }
  std::vector<int64_t> times;
  for (int64_t t : latest) {
    if (t >= 0) times.push_back(t);
  }
  std::sort(times.rbegin(), times.rend());
  times.resize(500);
  int64_t now = 5000LL * 3'600'000;
  for (int64_t t : times) expected += HalfLifeDecay(3, t, now, 2.5 * kDay);
  EXPECT_EQ(500, rule.count());
  EXPECT_NEAR(expected, rule.Value(now), 1e-9);
}

}  // namespace
}  // namespace leadscore::detail

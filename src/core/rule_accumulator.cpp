#include "rule_accumulator.h"

#include <cmath>

namespace leadscore::detail {
namespace {

// Up to this many counted occurrences, Value sums them one by one: exactly the formula of the
// contract, with no accumulated rounding. Beyond it, the anchored sum keeps scoring O(1).
constexpr int64_t kDirectSumLimit = 32;

}  // namespace

double HalfLifeDecay(double points, int64_t t, int64_t now, double half_life_ms) {
  if (half_life_ms <= 0 || now <= t) return points;
  return points * std::pow(0.5, static_cast<double>(now - t) / half_life_ms);
}

RuleAccumulator::RuleAccumulator(double points, double half_life_ms, bool distinct,
                                 std::optional<int64_t> max_times)
    : points_(points), half_life_ms_(half_life_ms), distinct_(distinct), max_times_(max_times) {}

void RuleAccumulator::Add(int64_t t, const std::string& item) {
  if (distinct_) {
    auto found = sequence_by_item_.find(item);
    if (found != sequence_by_item_.end()) {
      Forget(counted_[found->second - first_sequence_]);
      found->second = first_sequence_ + counted_.size();
    } else {
      sequence_by_item_.emplace(item, first_sequence_ + counted_.size());
    }
  }
  if (alive_ == 0 || t > anchor_) {
    anchored_sum_ = alive_ == 0 ? 0 : HalfLifeDecay(anchored_sum_, anchor_, t, half_life_ms_);
    anchor_ = t;
  }
  anchored_sum_ += points_;
  counted_.push_back({t, distinct_ ? item : std::string(), true});
  ++alive_;
  EvictBeyondMaxTimes();
  CompactIfMostlyForgotten();
}

void RuleAccumulator::Forget(Occurrence& occurrence) {
  occurrence.alive = false;
  --alive_;
  anchored_sum_ = alive_ == 0 ? 0 : anchored_sum_ - HalfLifeDecay(points_, occurrence.t, anchor_, half_life_ms_);
}

void RuleAccumulator::EvictBeyondMaxTimes() {
  if (!max_times_) return;
  while (alive_ > *max_times_) {
    while (!counted_.front().alive) {
      counted_.pop_front();
      ++first_sequence_;
    }
    if (distinct_) sequence_by_item_.erase(counted_.front().item);
    Forget(counted_.front());
  }
  while (!counted_.empty() && !counted_.front().alive) {
    counted_.pop_front();
    ++first_sequence_;
  }
}

void RuleAccumulator::CompactIfMostlyForgotten() {
  if (counted_.size() < 64 || static_cast<int64_t>(counted_.size()) < 2 * alive_) return;
  std::deque<Occurrence> alive;
  for (auto& occurrence : counted_) {
    if (!occurrence.alive) continue;
    if (distinct_) sequence_by_item_[occurrence.item] = alive.size();
    alive.push_back(std::move(occurrence));
  }
  counted_ = std::move(alive);
  first_sequence_ = 0;
}

double RuleAccumulator::Value(int64_t now) const {
  if (alive_ == 0) return 0;
  if (half_life_ms_ <= 0) return anchored_sum_;
  if (alive_ > kDirectSumLimit && now >= anchor_) {
    return HalfLifeDecay(anchored_sum_, anchor_, now, half_life_ms_);
  }
  double sum = 0;
  for (const auto& occurrence : counted_) {
    if (occurrence.alive) sum += HalfLifeDecay(points_, occurrence.t, now, half_life_ms_);
  }
  return sum;
}

}  // namespace leadscore::detail

#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <map>

namespace leadscore::detail {

/// The decayed worth of one occurrence: points × 0.5^((now − t) / half_life); none when
/// half_life_ms is 0 or the occurrence is in the future of `now`.
double HalfLifeDecay(double points, int64_t t, int64_t now, double half_life_ms);

/// The occurrences one engagement rule counts, and their decayed sum, kept up to date as matching
/// events arrive in `t` order. `distinct` keeps each item's most recent occurrence; `max_times`
/// then keeps the N most recent.
class RuleAccumulator {
 public:
  RuleAccumulator(double points, double half_life_ms, bool distinct, std::optional<int64_t> max_times);

  /// Counts a matching occurrence; `t` must not be earlier than the previous one.
  void Add(int64_t t, const std::string& item);

  /// The decayed sum of the counted occurrences at `now`, before any cap.
  double Value(int64_t now) const;

  int64_t count() const { return alive_; }

 private:
  struct Occurrence {
    int64_t t;
    std::string item;
    bool alive;
  };

  void Forget(Occurrence& occurrence);
  void EvictBeyondMaxTimes();
  void CompactIfMostlyForgotten();

  double points_;
  double half_life_ms_;
  bool distinct_;
  std::optional<int64_t> max_times_;

  std::deque<Occurrence> counted_;  // oldest first; forgotten ones stay until compacted
  uint64_t first_sequence_ = 0;     // sequence number of counted_.front()
  std::map<std::string, uint64_t> sequence_by_item_;  // distinct: the counted occurrence
  int64_t alive_ = 0;

  // Σ points × 0.5^((anchor − t) / H) over the counted occurrences, so Value is O(1) for any
  // now ≥ anchor however many occurrences there are.
  double anchored_sum_ = 0;
  int64_t anchor_ = 0;
};

}  // namespace leadscore::detail

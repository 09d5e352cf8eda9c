#pragma once

#include <atomic>
#include <chrono>

namespace leadscore::server {

/// When the intake last took a lead. Background work that competes with it for the CPU and the
/// database (forwarding) gives way while leads are arriving.
class IntakeActivity {
 public:
  using Clock = std::chrono::steady_clock;

  void NoteLead() { last_lead_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed); }

  /// Whether a lead was taken in the last `window`.
  bool LeadWithin(Clock::duration window) const {
    Clock::rep last = last_lead_.load(std::memory_order_relaxed);
    return last != kNever && Clock::now().time_since_epoch().count() - last < window.count();
  }

 private:
  static constexpr Clock::rep kNever = 0;
  std::atomic<Clock::rep> last_lead_{kNever};
};

}  // namespace leadscore::server

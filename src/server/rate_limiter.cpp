#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace leadscore::server {
namespace {

// Above this many tracked clients, buckets that have refilled completely are dropped: they hold
// no state a fresh bucket would not have, and an address sweep must not grow memory forever.
constexpr size_t kMaxTrackedClients = 10000;

}  // namespace

RateLimiter::RateLimiter(double rate, double burst) : rate_(rate), burst_(std::max(1.0, burst)) {}

std::optional<int64_t> RateLimiter::Admit(const std::string& client, int64_t now_ms) {
  if (rate_ <= 0) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  if (buckets_.size() >= kMaxTrackedClients) ForgetIdleClients(now_ms);
  auto [it, added] = buckets_.try_emplace(client, Bucket{burst_, now_ms});
  Bucket& bucket = it->second;
  if (!added && now_ms > bucket.updated_ms) {
    bucket.tokens = std::min(burst_, bucket.tokens + rate_ * (now_ms - bucket.updated_ms) / 1000.0);
    bucket.updated_ms = now_ms;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  return static_cast<int64_t>(std::ceil((1 - bucket.tokens) / rate_));
}

void RateLimiter::ForgetIdleClients(int64_t now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double refilled = it->second.tokens + rate_ * (now_ms - it->second.updated_ms) / 1000.0;
    it = refilled >= burst_ ? buckets_.erase(it) : std::next(it);
  }
}

}  // namespace leadscore::server

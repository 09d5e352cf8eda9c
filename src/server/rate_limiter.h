#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace leadscore::server {

/// A token bucket per client address: `rate` requests per second on average, bursts up to
/// `burst`. A rate of 0 admits everything.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst);

  /// nullopt when admitted; otherwise the whole seconds to wait before the next request fits.
  std::optional<int64_t> Admit(const std::string& client, int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_ms = 0;
  };

  void ForgetIdleClients(int64_t now_ms);

  const double rate_;
  const double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace leadscore::server

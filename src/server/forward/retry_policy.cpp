#include "retry_policy.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

namespace leadscore::server {
namespace {

// A Retry-After beyond a day is a misbehaving receiver; waiting a day is as far as we go.
constexpr int64_t kLongestRetryAfterMs = 86400000;

}  // namespace

bool IsRetryable(const HttpAnswer& answer) {
  return answer.status == 0 || answer.status >= 500 || answer.status == 408 || answer.status == 429;
}

int64_t RetryDelayMs(const RetrySettings& retry, int64_t attempts, double jitter,
                     std::optional<int64_t> retry_after_ms) {
  int64_t delay = retry.initial_ms;
  for (int64_t n = 1; n < attempts && delay < retry.max_ms; ++n) delay *= 2;
  delay = std::min(delay, retry.max_ms);
  delay = delay / 2 + static_cast<int64_t>(static_cast<double>(delay - delay / 2) * jitter);
  if (retry_after_ms) delay = std::max(delay, std::min(*retry_after_ms, kLongestRetryAfterMs));
  return std::max<int64_t>(delay, 1);
}

DeliveryStatus NextDeliveryStatus(DeliveryStatus status, const HttpAnswer& answer, const RetrySettings& retry,
                                  int64_t now, double jitter) {
  status.last_status = answer.status;
  status.last_error = answer.status == 0 ? answer.error : answer.body;
  if (answer.status >= 200 && answer.status < 300) {
    status.state = "delivered";
    status.delivered_at = now;
    return status;
  }
  if (IsRetryable(answer) && status.attempts < retry.max_attempts) {
    status.state = "pending";
    status.next_attempt_at = now + RetryDelayMs(retry, status.attempts, jitter, answer.retry_after_ms);
    return status;
  }
  // Another 4xx (or a redirect) will not change by asking again; it waits for a person.
  status.state = "failed";
  return status;
}

std::optional<int64_t> ParseRetryAfter(const std::string& value, int64_t now) {
  if (value.empty()) return std::nullopt;
  char* end = nullptr;
  long long seconds = std::strtoll(value.c_str(), &end, 10);
  if (*end == '\0' && value.find_first_not_of("0123456789") == std::string::npos) {
    return std::min<long long>(seconds, kLongestRetryAfterMs / 1000) * 1000;
  }
  std::tm date{};
  const char* rest = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &date);
  if (!rest || *rest) return std::nullopt;
  int64_t at = static_cast<int64_t>(timegm(&date)) * 1000;
  return std::max<int64_t>(0, at - now);
}

}  // namespace leadscore::server

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "forward_config.h"
#include "lead_store.h"

namespace leadscore::server {

/// What one delivery attempt got back.
struct HttpAnswer {
  int status = 0;          // the HTTP status; 0 when no answer came (network error, timeout)
  std::string body;        // the start of the answer, kept for people to read
  std::string error;       // the network error when status is 0
  std::optional<int64_t> retry_after_ms;  // from a Retry-After header, as a wait from now
  bool cancelled = false;  // the collector is stopping: the attempt does not count
};

/// Whether an answer is worth another attempt: network errors, timeouts, 5xx, 408 and 429.
bool IsRetryable(const HttpAnswer& answer);

/// The wait before attempt `attempts + 1`, after `attempts` failed ones: `initial_ms` doubled per
/// failure up to `max_ms`, then jittered into its upper half (`jitter` in [0, 1)) so that many
/// deliveries failed at once do not come back at once. A Retry-After longer than that wins.
int64_t RetryDelayMs(const RetrySettings& retry, int64_t attempts, double jitter,
                     std::optional<int64_t> retry_after_ms);

/// The delivery's next state after an attempt made at `now` (its attempts already counted in
/// `status.attempts`): delivered, pending with a later time, or failed with the answer kept.
DeliveryStatus NextDeliveryStatus(DeliveryStatus status, const HttpAnswer& answer, const RetrySettings& retry,
                                  int64_t now, double jitter);

/// Reads a Retry-After value, delta seconds or an HTTP date, as a wait in ms from `now`.
std::optional<int64_t> ParseRetryAfter(const std::string& value, int64_t now);

}  // namespace leadscore::server

#pragma once

#include <atomic>
#include <cstdint>

#include "delivery_request.h"
#include "retry_policy.h"

namespace leadscore::server {

/// Time limits of one outbound request.
struct SendLimits {
  int64_t connect_timeout_ms = 5000;
  int64_t total_timeout_ms = 15000;
};

/// Makes the process ready for libcurl; call once before any thread sends.
void InitializeHttpSender();

/// POSTs the request with libcurl: certificates and host names verified, no redirects followed,
/// only http and https. Returns the answer (status, its start, Retry-After) or the network error.
/// Setting `cancel` aborts the transfer; the answer then says `cancelled`.
HttpAnswer SendRequest(const OutboundRequest& request, const SendLimits& limits, const std::atomic<bool>& cancel,
                       int64_t now_ms);

}  // namespace leadscore::server

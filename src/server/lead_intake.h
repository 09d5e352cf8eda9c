#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leadscore/config.h"
#include "commit_queue.h"

namespace leadscore::server {

/// What the collector answers to one posted lead payload.
struct IntakeResult {
  int status = 500;  // 201 stored, 200 already stored, 400 malformed, 422 rejected, 503 store failed
  std::string body;  // JSON
};

/// Verifies a lead payload with the core and, when it holds, stores it through the queue (the
/// payload is moved into the stored record, not copied). `received_at` is ms since epoch.
IntakeResult AcceptLead(const Config& config, CommitQueue& queue, std::string payload,
                        int64_t received_at);

}  // namespace leadscore::server

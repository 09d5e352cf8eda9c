#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leadscore/config.h"
#include "commit_queue.h"
#include "config_revisions.h"

namespace leadscore::server {

/// What the collector answers to one posted lead payload.
struct IntakeResult {
  int status = 500;  // 201 stored, 200 already stored, 400 malformed, 422 rejected, 503 store failed
  std::string body;  // JSON
};

/// Verifies a lead payload with the core, against the config of the revision it was scored with
/// and the collector's clock `received_at` (ms since epoch), and when it holds stores the
/// collector's own serialization of it through the queue.
IntakeResult AcceptLead(ConfigRevisions& revisions, CommitQueue& queue, std::string_view payload,
                        int64_t received_at);

}  // namespace leadscore::server

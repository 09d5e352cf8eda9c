#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "leadscore/session.h"

namespace leadscore {

/// The lead payload (docs/payload.md) as JSON, built at `now` (default: the latest event's `t`), or nullopt
/// when the lead does not qualify. When the log is longer than `submit.maxEvents`, the payload
/// carries the most recent events and its score is the score of exactly those, so a receiver
/// re-scoring them gets the same numbers.
std::optional<std::string> BuildPayload(const Session& session,
                                        std::optional<int64_t> now = std::nullopt);

/// The stable idempotency key of a lead: derived from the site and the lower-cased e-mail.
std::string LeadId(const std::string& site, const std::string& email);

}  // namespace leadscore

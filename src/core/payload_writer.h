#pragma once

#include <cstdint>
#include <string>

#include "leadscore/score.h"
#include "leadscore/session.h"

namespace leadscore::detail {

/// The `t` of the latest form_submit carrying a non-blank e-mail: the submission a payload is of
/// (0 when there is none).
int64_t SubmittedFormAt(const EventLog& events);

/// The lead payload (docs/leads.md) of `session` with `score`, stamped `submitted_at`: what the
/// page sends and, written again from the verified events, what the collector stores.
std::string WritePayload(const Session& session, const Score& score, int64_t submitted_at);

}  // namespace leadscore::detail

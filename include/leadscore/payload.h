#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "leadscore/session.h"

namespace leadscore {

/// The `schema` member of every lead payload this version writes and reads (docs/payload.md).
/// It changes only with an incompatible layout, and then with a major version.
inline constexpr std::string_view kPayloadSchema = "leadscore/lead@1";

/// The lead payload (docs/leads.md) as JSON, built at `now` (default: the latest event's `t`), or
/// nullopt when the lead does not qualify. A long log's payload carries the events its
/// qualification rests on and the most recent others, within `submit.maxEvents` and a byte budget
/// (docs/leads.md, "How big a lead is"); its score is the score of exactly those, so a receiver
/// re-scoring them gets the same numbers.
std::optional<std::string> BuildPayload(const Session& session,
                                        std::optional<int64_t> now = std::nullopt);

/// The idempotency key of one submission: derived from the site, the lower-cased e-mail and
/// `submitted_form_at`, the `t` of the latest form_submit that carried the e-mail. Every retry
/// and re-score of that submission keeps it; a later submission by the same person gets another,
/// and nobody who knows only the e-mail can compute it ahead of the visitor.
std::string LeadId(const std::string& site, const std::string& email, int64_t submitted_form_at);

}  // namespace leadscore

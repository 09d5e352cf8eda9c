#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/config.h"
#include "leadscore/result.h"
#include "leadscore/score.h"

namespace leadscore {

enum class VerifyStatus { kVerified, kRejected, kMalformed };

/// The verdict on a received lead payload, with what a collector stores.
struct VerifyResult {
  VerifyStatus status = VerifyStatus::kMalformed;
  std::string code;  // rejected: a reason code (`score_mismatch`, …); malformed: `malformed`
  // What is wrong, each with the JSON path it is about: rejected, the one reason; malformed,
  // every problem found. Values, so each edge renders them its own way.
  std::vector<Error> errors;
  std::string lead_id;   // the submission's id
  std::string revision;  // the config revision it was scored and verified with
  std::string email;
  std::string lead_fields;  // the lead's fields as a JSON object, as its form submits carry them
  int64_t submitted_at = 0;
  Score score;  // the re-computed score (verified and rejected)
  // Verified: the verifier's own serialization of the payload (its score, breakdown, context and
  // the events it checked), which is what a collector stores, never the bytes received.
  std::string payload;
};

/// The config of a revision the verifier knows, or nullptr when it knows none by that name.
using RevisionLookup = std::function<const Config*(const std::string& revision)>;

/// What a payload is checked against besides its own events.
struct VerifyContext {
  RevisionLookup revisions;   // a payload is verified with the config of its own revision
  std::optional<int64_t> now;  // the verifier's clock (ms since epoch); unset: submittedAt is not compared
};

/// Re-scores the payload's events with the config of its revision and checks its claims and
/// plausibility; an unknown revision is `stale_revision`. Reason codes: docs/leads.md.
VerifyResult VerifyPayload(const VerifyContext& context, std::string_view payload_json);

/// The same with only `config`'s revision known and no clock (`leadscore verify`).
VerifyResult VerifyPayload(const Config& config, std::string_view payload_json);

}  // namespace leadscore

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "leadscore/config.h"
#include "leadscore/score.h"

namespace leadscore {

enum class VerifyStatus { kVerified, kRejected, kMalformed };

/// The verdict on a received lead payload, with what a collector stores.
struct VerifyResult {
  VerifyStatus status = VerifyStatus::kMalformed;
  std::string code;     // rejected: a reason code (`score_mismatch`, …); malformed: `malformed`
  std::string message;  // for people; malformed: `JSON-path: message`
  std::string lead_id;
  std::string email;
  std::string lead_fields;  // the lead's fields as a JSON object, as its form submits carry them
  int64_t submitted_at = 0;
  Score score;  // the re-computed score (verified and rejected)
};

/// Re-scores the payload's events with `config` and checks its claims and plausibility.
VerifyResult VerifyPayload(const Config& config, std::string_view payload_json);

}  // namespace leadscore

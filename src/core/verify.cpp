// Re-scores a received lead payload and checks that its claims and its event log are plausible.
#include "leadscore/verify.h"

#include <cmath>
#include <map>

#include "event_json.h"
#include "fit.h"
#include "lead_claims.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"

namespace leadscore {
namespace {

// Browser clocks and timers disagree by a few milliseconds; a forged dwell is off by minutes.
constexpr int64_t kDwellSlackMs = 2000;
constexpr double kScoreTolerance = 0.005;

VerifyResult Malformed(std::vector<Error> errors) {
  VerifyResult result;
  result.status = VerifyStatus::kMalformed;
  result.code = "malformed";
  for (size_t i = 0; i < errors.size(); ++i) {
    result.message += (i ? "; " : "") + errors[i].ToString();
  }
  return result;
}

VerifyResult Rejected(VerifyResult result, std::string code, std::string message) {
  result.status = VerifyStatus::kRejected;
  result.code = std::move(code);
  result.message = std::move(message);
  return result;
}

// A dwell must fit between the log's first event and its own timestamp, and one deck's slides
// are read one at a time, so their dwell cannot exceed the time the whole log spans.
std::optional<std::string> ImplausibleDwell(const std::vector<Event>& events) {
  int64_t first = events.front().t;
  int64_t last = events.front().t;
  std::map<std::string, int64_t> deck_ms;
  for (const Event& event : events) {
    first = std::min(first, event.t);
    last = std::max(last, event.t);
  }
  for (const Event& event : events) {
    if (event.ms > 0 && event.t - event.ms < first - kDwellSlackMs) {
      return std::string(EventTypeName(event.type)) + " at " + std::to_string(event.t) + " claims " +
             std::to_string(event.ms) + " ms, more than had elapsed since the first event";
    }
    if (event.type == EventType::kSlideView) deck_ms[event.deck] += event.ms;
  }
  for (const auto& [deck, ms] : deck_ms) {
    // Times are untrusted and ≥ 0: `last - first` cannot overflow, `last - first + slack` could.
    if (ms - kDwellSlackMs > last - first) {
      return "deck \"" + deck + "\" claims " + std::to_string(ms) + " ms of reading in a log spanning " +
             std::to_string(last - first) + " ms";
    }
  }
  return std::nullopt;
}

bool SameLead(const std::map<std::string, std::optional<std::string>>& claimed,
              const std::vector<std::pair<std::string, FieldValue>>& fields) {
  if (claimed.size() != fields.size()) return false;
  for (const auto& [name, value] : fields) {
    auto it = claimed.find(name);
    if (it == claimed.end() || !it->second || *it->second != value.text) return false;
  }
  return true;
}

std::string Format(double value) { return detail::FormatNumber(value); }

}  // namespace

VerifyResult VerifyPayload(const Config& config, std::string_view payload_json) {
  std::optional<detail::LeadClaims> claims;
#ifdef LEADSCORE_HAVE_SIMDJSON
  claims = detail::ReadValidLeadClaimsFast(payload_json);
#endif
  if (!claims) {
    Result<detail::LeadClaims> read = detail::ReadLeadClaims(payload_json);
    if (!read.ok()) return Malformed(read.errors());
    claims = std::move(read).value();
  }

  VerifyResult result;
  result.lead_id = claims->id;
  result.submitted_at = claims->submitted_at;
  if (!config.site.empty() && claims->site != config.site) {
    return Rejected(result, "site_mismatch", "payload is for site \"" + claims->site + "\", expected \"" + config.site + "\"");
  }
  if (claims->revision != config.revision) {
    return Rejected(result, "revision_mismatch",
                    "payload was scored with config revision \"" + claims->revision + "\", current is \"" + config.revision + "\"");
  }
  if (claims->events.empty()) return Rejected(result, "no_events", "payload carries no events to re-score");
  if (static_cast<int64_t>(claims->events.size()) > config.submit.max_events) {
    return Rejected(result, "too_many_events",
                    std::to_string(claims->events.size()) + " events, more than submit.maxEvents (" +
                        std::to_string(config.submit.max_events) + ")");
  }
  for (const Event& event : claims->events) {
    if (event.t > claims->submitted_at) {
      return Rejected(result, "future_event",
                      "an event at " + std::to_string(event.t) + " is later than submittedAt " +
                          std::to_string(claims->submitted_at));
    }
  }
  if (auto dwell = ImplausibleDwell(claims->events)) return Rejected(result, "implausible_dwell", *dwell);

  Session session(config);
  for (Event& event : claims->events) session.Ingest(std::move(event));
  result.score = session.ComputeScore(claims->submitted_at);
  auto fields = session.LeadFields();
  const FieldValue* email = detail::FindField(fields, "email");
  result.email = email ? email->text : "";
  result.lead_fields = detail::FieldsToJson(fields);

  if (!SameLead(claims->lead, fields)) {
    return Rejected(result, "lead_mismatch", "the lead's fields differ from those its form submits carry");
  }
  if (claims->id != LeadId(config.site, result.email)) {
    return Rejected(result, "id_mismatch", "the payload id is not this lead's id");
  }
  const Score& score = result.score;
  if (std::fabs(claims->total - score.total) > kScoreTolerance ||
      std::fabs(claims->engagement - score.engagement) > kScoreTolerance ||
      std::fabs(claims->fit - score.fit) > kScoreTolerance) {
    return Rejected(result, "score_mismatch",
                    "claimed total " + Format(claims->total) + " (engagement " + Format(claims->engagement) +
                        ", fit " + Format(claims->fit) + "), re-scored " + Format(score.total) + " (engagement " +
                        Format(score.engagement) + ", fit " + Format(score.fit) + ")");
  }
  if (claims->stage != score.stage || claims->grade != score.grade) {
    return Rejected(result, "stage_mismatch",
                    "claimed stage " + claims->stage + " grade " + claims->grade + ", re-scored stage " +
                        score.stage + " grade " + score.grade);
  }
  if (!score.qualified) {
    std::string reasons;
    for (const auto& reason : score.reasons) reasons += (reasons.empty() ? "" : ", ") + reason;
    return Rejected(result, "not_qualified", "the re-scored lead does not qualify: " + reasons);
  }
  result.status = VerifyStatus::kVerified;
  return result;
}

}  // namespace leadscore

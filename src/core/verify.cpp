// Re-scores a received lead payload and checks that its claims and its event log are plausible.
#include "leadscore/verify.h"

#include <cmath>
#include <map>

#include "event_json.h"
#include "fit.h"
#include "json_path.h"
#include "json_writer.h"
#include "engagement_context.h"
#include "lead_claims.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"
#include "payload_events.h"
#include "payload_writer.h"
#include "score_json.h"

namespace leadscore {
namespace {

// Browser clocks and timers disagree by a few milliseconds; a forged dwell is off by minutes.
constexpr int64_t kDwellSlackMs = 2000;
constexpr double kScoreTolerance = 0.005;

// Whether a claimed duration is longer than the time that elapsed, beyond the clocks' slack.
// Both are non-negative (times are ≥ 0 and ordered), so neither subtraction can overflow.
bool LongerThanElapsed(int64_t claimed_ms, int64_t elapsed_ms) {
  return claimed_ms > elapsed_ms && claimed_ms - elapsed_ms > kDwellSlackMs;
}

struct Rejection {
  std::string code;
  Error error;
};

VerifyResult Malformed(std::vector<Error> errors) {
  VerifyResult result;
  result.status = VerifyStatus::kMalformed;
  result.code = "malformed";
  result.errors = std::move(errors);
  return result;
}

VerifyResult Rejected(VerifyResult result, Rejection rejection) {
  result.status = VerifyStatus::kRejected;
  result.code = std::move(rejection.code);
  result.errors = {std::move(rejection.error)};
  return result;
}

std::string EventPath(size_t index, std::string_view key) {
  return detail::JoinKey(detail::JoinIndex("$.events", index), key);
}

// When the page the event was measured on was entered: the latest visit or page_view at or before
// it, else the log's first event. A dwell is measured on one page, so it cannot be longer than
// the time since then, however early the log starts.
std::vector<int64_t> PageEntries(const std::vector<Event>& events) {
  // The claimed log may come in any order; it is read in t order, as the session scores it.
  std::vector<size_t> order(events.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return events[a].t < events[b].t; });
  std::vector<int64_t> entered(events.size());
  int64_t entry = order.empty() ? 0 : events[order.front()].t;
  for (size_t i : order) {
    const Event& event = events[i];
    if (event.type == EventType::kVisit || event.type == EventType::kPageView) entry = event.t;
    entered[i] = entry;
  }
  return entered;
}

// Each dwell fits in the time since its page was entered, and one deck's slides are read one at
// a time, so their dwell cannot exceed the time the whole log spans.
std::optional<Rejection> ImplausibleDwell(const std::vector<Event>& events) {
  std::vector<int64_t> entered = PageEntries(events);
  int64_t first = events.front().t;
  int64_t last = events.front().t;
  std::map<std::string, int64_t> deck_ms;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    first = std::min(first, event.t);
    last = std::max(last, event.t);
    if (LongerThanElapsed(event.ms, event.t - entered[i])) {
      return Rejection{"implausible_dwell",
                       {EventPath(i, "ms"), std::string(EventTypeName(event.type)) + " at " + std::to_string(event.t) +
                                                " claims " + std::to_string(event.ms) + " ms, but its page was entered at " +
                                                std::to_string(entered[i])}};
    }
    if (event.type == EventType::kSlideView) deck_ms[event.deck] += event.ms;
  }
  for (const auto& [deck, ms] : deck_ms) {
    if (LongerThanElapsed(ms, last - first)) {
      return Rejection{"implausible_dwell", {"$.events", "deck \"" + deck + "\" claims " + std::to_string(ms) +
                                                             " ms of reading in a log spanning " +
                                                             std::to_string(last - first) + " ms"}};
    }
  }
  return std::nullopt;
}

// A submit's fillMs runs from the form's first touch (form_start), or from its form_view when it
// was never touched: it cannot be longer than the time since the latest of those before it.
std::optional<Rejection> ImplausibleFill(const std::vector<Event>& events) {
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& submit = events[i];
    if (submit.type != EventType::kFormSubmit || !submit.fill_ms) continue;
    std::optional<int64_t> started, viewed;
    for (const Event& event : events) {
      if (event.form != submit.form || event.t > submit.t) continue;
      if (event.type == EventType::kFormStart) started = std::max(started.value_or(event.t), event.t);
      if (event.type == EventType::kFormView) viewed = std::max(viewed.value_or(event.t), event.t);
    }
    std::optional<int64_t> from = started ? started : viewed;
    if (!from) {
      return Rejection{"implausible_fill", {EventPath(i, "fillMs"), "form \"" + submit.form +
                                                                         "\" claims a fill time but was never started or seen"}};
    }
    if (LongerThanElapsed(*submit.fill_ms, submit.t - *from)) {
      return Rejection{"implausible_fill",
                       {EventPath(i, "fillMs"), "form \"" + submit.form + "\" claims " + std::to_string(*submit.fill_ms) +
                                                    " ms of filling, but was started at " + std::to_string(*from) +
                                                    " and submitted at " + std::to_string(submit.t)}};
    }
  }
  return std::nullopt;
}

// submittedAt against the verifier's clock, and every event against submittedAt: nothing in the
// future, nothing older than the config lets an outbox hold a lead.
std::optional<Rejection> ImplausibleTime(const Config& config, const detail::LeadClaims& claims,
                                         std::optional<int64_t> now) {
  if (now && claims.submitted_at > *now && claims.submitted_at - *now > config.submit.max_clock_skew_ms) {
    return Rejection{"submitted_in_future",
                     {"$.submittedAt", "submittedAt " + std::to_string(claims.submitted_at) + " is more than " +
                                           std::to_string(config.submit.max_clock_skew_ms) +
                                           " ms (submit.maxClockSkewMs) ahead of the collector's clock " +
                                           std::to_string(*now)}};
  }
  if (now && claims.submitted_at < *now - config.submit.max_age_ms) {
    return Rejection{"submitted_too_old",
                     {"$.submittedAt", "submittedAt " + std::to_string(claims.submitted_at) + " is more than " +
                                           std::to_string(config.submit.max_age_ms) +
                                           " ms (submit.maxAgeMs) before the collector's clock " + std::to_string(*now)}};
  }
  for (size_t i = 0; i < claims.events.size(); ++i) {
    const Event& event = claims.events[i];
    if (event.t > claims.submitted_at) {
      return Rejection{"future_event", {EventPath(i, "t"), "an event at " + std::to_string(event.t) +
                                                               " is later than submittedAt " +
                                                               std::to_string(claims.submitted_at)}};
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

// The same JSON, numbers within the score's tolerance (a client may print 12.5 as 12.500001).
bool SameJson(const detail::Json& a, const detail::Json& b) {
  if (a.is_number() && b.is_number()) return std::fabs(a.get<double>() - b.get<double>()) <= kScoreTolerance;
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameJson(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !SameJson(*it, *other)) return false;
    }
    return true;
  }
  return a == b;
}

// What the collector computed itself, against what the payload claims.
std::optional<Rejection> DifferentClaims(const detail::LeadClaims& claims, const Session& session, const Score& score) {
  if (std::fabs(claims.total - score.total) > kScoreTolerance ||
      std::fabs(claims.engagement - score.engagement) > kScoreTolerance ||
      std::fabs(claims.fit - score.fit) > kScoreTolerance) {
    auto format = [](double value) { return detail::FormatNumber(value); };
    return Rejection{"score_mismatch",
                     {"$.score", "claimed total " + format(claims.total) + " (engagement " + format(claims.engagement) +
                                     ", fit " + format(claims.fit) + "), re-scored " + format(score.total) +
                                     " (engagement " + format(score.engagement) + ", fit " + format(score.fit) + ")"}};
  }
  if (claims.stage != score.stage || claims.grade != score.grade) {
    return Rejection{"stage_mismatch", {"$.score", "claimed stage " + claims.stage + " grade " + claims.grade +
                                                       ", re-scored stage " + score.stage + " grade " + score.grade}};
  }
  detail::JsonWriter breakdown;
  detail::WriteBreakdown(breakdown, score.breakdown);
  if (!SameJson(claims.breakdown, detail::ParseJson(breakdown.Take()).value())) {
    return Rejection{"breakdown_mismatch", {"$.breakdown", "the claimed breakdown differs from the re-scored one"}};
  }
  detail::JsonWriter context;
  detail::WriteEngagementContext(context, session.config(), session.events());
  if (!SameJson(claims.context, detail::ParseJson(context.Take()).value())) {
    return Rejection{"context_mismatch", {"$.context", "the claimed context differs from the one its events make"}};
  }
  return std::nullopt;
}

}  // namespace

VerifyResult VerifyPayload(const VerifyContext& context, std::string_view payload_json) {
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
  result.revision = claims->revision;
  const Config* config = context.revisions ? context.revisions(claims->revision) : nullptr;
  if (!config) {
    return Rejected(result, {"stale_revision", {"$.revision", "no config with revision \"" + claims->revision +
                                                                  "\" is known here"}});
  }
  if (!config->site.empty() && claims->site != config->site) {
    return Rejected(result, {"site_mismatch", {"$.site", "payload is for site \"" + claims->site + "\", expected \"" +
                                                             config->site + "\""}});
  }
  if (claims->events.empty()) return Rejected(result, {"no_events", {"$.events", "payload carries no events to re-score"}});
  if (static_cast<int64_t>(claims->events.size()) > config->submit.max_events) {  // before any work on them
    return Rejected(result, {"too_many_events", {"$.events", std::to_string(claims->events.size()) +
                                                                 " events, more than submit.maxEvents (" +
                                                                 std::to_string(config->submit.max_events) + ")"}});
  }
  if (auto time = ImplausibleTime(*config, *claims, context.now)) return Rejected(result, std::move(*time));
  if (auto dwell = ImplausibleDwell(claims->events)) return Rejected(result, std::move(*dwell));
  if (auto fill = ImplausibleFill(claims->events)) return Rejected(result, std::move(*fill));

  Session session(*config);
  for (Event& event : claims->events) session.Ingest(std::move(event));
  // A page carries what SelectPayloadEvents chooses, and that is all it chooses again.
  if (detail::SelectPayloadEvents(*config, session.events()).size() != session.events().size()) {
    return Rejected(result, {"too_many_events", {"$.events", std::to_string(session.events().size()) +
                                                                 " events: more than submit.maxEvents (" +
                                                                 std::to_string(config->submit.max_events) +
                                                                 "), or more engagement than a payload carries"}});
  }
  result.score = session.ComputeScore(claims->submitted_at);
  auto fields = session.LeadFields();
  const FieldValue* email = detail::FindField(fields, "email");
  result.email = email ? email->text : "";
  result.lead_fields = detail::FieldsToJson(fields);

  if (!SameLead(claims->lead, fields)) {
    return Rejected(result, {"lead_mismatch", {"$.lead", "the lead's fields differ from those its form submits carry"}});
  }
  if (claims->id != LeadId(config->site, result.email, detail::SubmittedFormAt(session.events()))) {
    return Rejected(result, {"id_mismatch", {"$.id", "the payload id is not the id of this submission"}});
  }
  if (auto different = DifferentClaims(*claims, session, result.score)) return Rejected(result, std::move(*different));
  if (!result.score.qualified) {
    std::string reasons;
    for (const auto& reason : result.score.reasons) reasons += (reasons.empty() ? "" : ", ") + reason;
    return Rejected(result, {"not_qualified", {"$.events", "the re-scored lead does not qualify: " + reasons}});
  }
  result.status = VerifyStatus::kVerified;
  result.payload = detail::WritePayload(session, result.score, claims->submitted_at);
  return result;
}

VerifyResult VerifyPayload(const Config& config, std::string_view payload_json) {
  VerifyContext context;
  context.revisions = [&config](const std::string& revision) { return revision == config.revision ? &config : nullptr; };
  return VerifyPayload(context, payload_json);
}

}  // namespace leadscore

#include "leadscore/payload.h"

#include <algorithm>
#include <set>

#include "event_json.h"
#include "fit.h"
#include "engagement_context.h"
#include "payload_events.h"
#include "payload_writer.h"
#include "score_json.h"
#include "text.h"

namespace leadscore {
namespace detail {
namespace {

uint64_t Fnv1a(std::string_view text, uint64_t basis) {
  uint64_t hash = basis;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

int64_t SubmittedFormAt(const EventLog& events) {
  for (auto event = events.rbegin(); event != events.rend(); ++event) {
    if (event->type != EventType::kFormSubmit) continue;
    const FieldValue* email = FindField(event->fields, "email");
    if (email && !email->text.empty()) return event->t;
  }
  return 0;
}

std::string WritePayload(const Session& session, const Score& score, int64_t submitted_at) {
  const Config& config = session.config();
  const EventLog& events = session.events();
  auto fields = session.LeadFields();
  const FieldValue* email = FindField(fields, "email");

  JsonWriter out;
  out.BeginObject();
  out.Key("schema").String(kPayloadSchema);
  out.Key("id").String(LeadId(config.site, email ? email->text : "", SubmittedFormAt(events)));
  out.Key("site").String(config.site);
  out.Key("revision").String(config.revision);
  out.Key("submittedAt").Integer(submitted_at);
  WriteFields(out.Key("lead"), fields);
  out.Key("score").BeginObject();
  out.Key("total").Double(score.total);
  out.Key("engagement").Double(score.engagement);
  out.Key("fit").Double(score.fit);
  out.Key("stage").String(score.stage);
  out.Key("grade").String(score.grade);
  out.EndObject();
  WriteBreakdown(out.Key("breakdown"), score.breakdown);
  WriteEngagementContext(out.Key("context"), config, events);
  out.Key("events").BeginArray();
  for (const Event& event : events) WriteEvent(out, event);
  out.EndArray();
  out.EndObject();
  return out.Take();
}

namespace {

std::optional<std::string> PayloadOf(const Session& session, std::optional<int64_t> now) {
  Score score = session.ComputeScore(now);
  if (!score.qualified) return std::nullopt;
  const EventLog& events = session.events();
  return WritePayload(session, score, now.value_or(events.empty() ? 0 : events.back().t));
}

}  // namespace
}  // namespace detail

std::optional<std::string> BuildPayload(const Session& session, std::optional<int64_t> now) {
  const EventLog& events = session.events();
  std::vector<size_t> carried = detail::SelectPayloadEvents(session.config(), events);
  if (carried.size() == events.size()) return detail::PayloadOf(session, now);
  // Score exactly the events that travel, so the receiver's re-score agrees.
  Session selected(session.config());
  for (size_t i : carried) selected.Ingest(events[i]);
  return detail::PayloadOf(selected, now.value_or(events.back().t));
}

std::string LeadId(const std::string& site, const std::string& email, int64_t submitted_form_at) {
  // The time's digits written by hand, like the hex below: no printf in the browser's module.
  std::string digits;
  uint64_t magnitude = submitted_form_at < 0 ? 0 - static_cast<uint64_t>(submitted_form_at)
                                             : static_cast<uint64_t>(submitted_form_at);
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + magnitude % 10));
    magnitude /= 10;
  } while (magnitude);
  if (submitted_form_at < 0) digits.insert(digits.begin(), '-');
  std::string key = site + '\n' + detail::ToLower(detail::Trim(email)) + '\n' + digits;
  // Two 64-bit hashes as 32 lower-case hex digits, written by hand: snprintf would bring printf
  // (4 KB gzip) into the browser's module for this one line.
  std::string hex(32, '0');
  uint64_t halves[2] = {detail::Fnv1a(key, 0xcbf29ce484222325ULL), detail::Fnv1a(key, 0x84222325cbf29ce4ULL)};
  for (size_t i = 0; i < hex.size(); ++i) {
    hex[i] = "0123456789abcdef"[(halves[i / 16] >> (60 - 4 * (i % 16))) & 0xf];
  }
  return hex;
}

}  // namespace leadscore

#include "leadscore/payload.h"

#include <algorithm>
#include <map>
#include <set>

#include "event_json.h"
#include "fit.h"
#include "engagement_context.h"
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

struct DeckSummary {
  std::map<int64_t, int64_t> ms_by_slide;
  int64_t largest_of = 0;
  int64_t ms = 0;
};

}  // namespace

void WriteEngagementContext(JsonWriter& out, const Config& config, const EventLog& events) {
  int64_t visits = 0;
  std::vector<std::pair<std::string, int64_t>> pages;              // first-seen order
  std::vector<std::tuple<std::string, int64_t, int64_t>> content;  // id, views, ms
  std::vector<std::pair<std::string, DeckSummary>> decks;
  const std::map<std::string, std::string>* utm = nullptr;

  auto find = [](auto& list, const std::string& key) {
    return std::find_if(list.begin(), list.end(), [&](const auto& entry) { return std::get<0>(entry) == key; });
  };
  for (const Event& event : events) {
    if ((event.type == EventType::kVisit || event.type == EventType::kPageView) && !utm && !event.utm.empty()) {
      utm = &event.utm;
    }
    if (event.type == EventType::kVisit) {
      ++visits;
    } else if (event.type == EventType::kPageView) {
      auto page = find(pages, event.path);
      if (page == pages.end()) pages.emplace_back(event.path, 1); else ++page->second;
    } else if (event.type == EventType::kContentView) {
      auto block = find(content, event.id);
      if (block == content.end()) {
        content.emplace_back(event.id, 1, event.ms);
      } else {
        ++std::get<1>(*block);
        std::get<2>(*block) += event.ms;
      }
    } else if (event.type == EventType::kSlideView) {
      auto deck = find(decks, event.deck);
      if (deck == decks.end()) deck = decks.insert(decks.end(), {event.deck, DeckSummary{}});
      deck->second.ms_by_slide[event.slide] += event.ms;
      deck->second.ms += event.ms;
      deck->second.largest_of = std::max(deck->second.largest_of, event.of);
    }
  }

  out.BeginObject();
  out.Key("visits").Integer(std::max<int64_t>(visits, events.empty() ? 0 : 1));
  out.Key("firstSeen").Integer(events.empty() ? 0 : events.front().t);
  out.Key("lastSeen").Integer(events.empty() ? 0 : events.back().t);
  out.Key("pages").BeginArray();
  for (const auto& [path, views] : pages) {
    out.BeginObject().Key("path").String(path).Key("views").Integer(views).EndObject();
  }
  out.EndArray();
  out.Key("content").BeginArray();
  for (const auto& [id, views, ms] : content) {
    out.BeginObject().Key("id").String(id).Key("views").Integer(views).Key("ms").Integer(ms).EndObject();
  }
  out.EndArray();
  out.Key("decks").BeginArray();
  for (const auto& [name, summary] : decks) {
    auto settings = config.decks.find(name);
    int64_t slides = settings != config.decks.end() && settings->second.slides
                         ? *settings->second.slides
                         : summary.largest_of;
    out.BeginObject().Key("deck").String(name).Key("slides").Integer(slides);
    out.Key("seen").BeginArray();
    for (const auto& entry : summary.ms_by_slide) out.Integer(entry.first);
    out.EndArray();
    out.Key("ms").Integer(summary.ms);
    out.Key("perSlide").BeginArray();
    for (const auto& [slide, ms] : summary.ms_by_slide) {
      out.BeginObject().Key("slide").Integer(slide).Key("ms").Integer(ms).EndObject();
    }
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  out.Key("utm").BeginObject();
  if (utm) {
    for (const auto& [key, value] : *utm) out.Key(key).String(value);  // sorted, as std::map holds them
  }
  out.EndObject();
  out.EndObject();
}

namespace {

std::optional<std::string> PayloadOf(const Session& session, std::optional<int64_t> now) {
  Score score = session.ComputeScore(now);
  if (!score.qualified) return std::nullopt;
  const Config& config = session.config();
  const EventLog& events = session.events();
  auto fields = session.LeadFields();
  const FieldValue* email = FindField(fields, "email");

  JsonWriter out;
  out.BeginObject();
  out.Key("schema").String("leadscore/lead@1");
  out.Key("id").String(LeadId(config.site, email ? email->text : ""));
  out.Key("site").String(config.site);
  out.Key("revision").String(config.revision);
  out.Key("submittedAt").Integer(now.value_or(events.empty() ? 0 : events.back().t));
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

}  // namespace
}  // namespace detail

std::optional<std::string> BuildPayload(const Session& session, std::optional<int64_t> now) {
  const EventLog& events = session.events();
  auto max_events = static_cast<size_t>(session.config().submit.max_events);
  if (events.size() <= max_events) return detail::PayloadOf(session, now);
  // Score exactly the events that travel, so the receiver's re-score agrees.
  Session recent(session.config());
  for (size_t i = events.size() - max_events; i < events.size(); ++i) recent.Ingest(events[i]);
  return detail::PayloadOf(recent, now.value_or(events.back().t));
}

std::string LeadId(const std::string& site, const std::string& email) {
  std::string key = site + '\n' + detail::ToLower(detail::Trim(email));
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

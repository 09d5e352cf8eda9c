#include "engagement_context.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>

namespace leadscore::detail {
namespace {

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

}  // namespace leadscore::detail

#include "payload_events.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "event_json.h"
#include "json_writer.h"

namespace leadscore::detail {
namespace {

// The events a lead's qualification and the collector's plausibility checks rest on.
std::vector<bool> Essentials(const EventLog& events) {
  std::vector<bool> essential(events.size(), false);
  std::map<std::string, size_t> started, viewed;  // form → its latest form_start, form_view so far
  std::optional<size_t> consent;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    switch (event.type) {
      case EventType::kVisit: essential[i] = true; break;
      case EventType::kConsent: consent = i; break;
      case EventType::kFormStart: started[event.form] = i; break;
      case EventType::kFormView: viewed[event.form] = i; break;
      case EventType::kFormSubmit: {
        essential[i] = true;
        if (auto start = started.find(event.form); start != started.end()) essential[start->second] = true;
        if (auto view = viewed.find(event.form); view != viewed.end()) essential[view->second] = true;
        break;
      }
      default: break;
    }
  }
  if (consent) essential[*consent] = true;  // the latest answer is the one that counts
  return essential;
}

size_t JsonSize(const Event& event) {
  JsonWriter out;
  WriteEvent(out, event);
  return out.text().size();
}

}  // namespace

std::vector<size_t> SelectPayloadEvents(const Config& config, const EventLog& events) {
  std::vector<bool> essential = Essentials(events);
  auto limit = static_cast<size_t>(std::max<int64_t>(config.submit.max_events, 0));
  std::vector<size_t> chosen;
  for (size_t i = events.size(); i-- > 0 && chosen.size() < limit;) {
    if (essential[i]) chosen.push_back(i);
  }
  size_t bytes = 0;
  for (size_t i = events.size(); i-- > 0 && chosen.size() < limit;) {
    if (essential[i]) continue;
    bytes += JsonSize(events[i]);
    if (bytes > kMaxPayloadEngagementBytes) break;
    chosen.push_back(i);
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace leadscore::detail

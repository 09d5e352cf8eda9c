#include "event_parts.h"

#include <algorithm>
#include <limits>

#include "event_json.h"
#include "text.h"

namespace leadscore::detail {
namespace {

constexpr int64_t kMaxDwellMs = 86'400'000;
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

using Kind = EventValue::Kind;

// Mirrors the general path's ObjectReader on valid input; every check it would fail makes the
// result unsure instead of an error.
class Builder {
 public:
  explicit Builder(EventParts& parts) : parts_(parts) {}

  // The event is built where it is returned (one name, returned on every path): an Event has a
  // dozen strings and containers, and a log moves a million of them.
  std::optional<Event> Build() {
    std::optional<Event> event(std::in_place);
    if (!Read(*event)) event.reset();
    return event;
  }

 private:
  bool Read(Event& event) const {
    const EventValue& type = parts_[EventKey::kType];
    if (type.kind != Kind::kString) return false;
    std::optional<EventType> event_type = EventTypeFromName(type.text);
    if (!event_type || *event_type == EventType::kDeckComplete) return false;
    event.type = *event_type;
    return Integer(EventKey::kT, true, 0, kInt64Max, event.t) && ReadTypeFields(event);
  }

  bool Absent(EventKey key) const { return parts_[key].kind == Kind::kAbsent; }

  bool String(EventKey key, bool required, bool allow_empty, std::string& out) const {
    const EventValue& value = parts_[key];
    if (value.kind == Kind::kAbsent) return !required;
    if (value.kind != Kind::kString || (!allow_empty && value.text.empty())) return false;
    out.assign(value.text);
    return true;
  }

  // Only integers written as such: the general path also takes 5000.0, which is left to it.
  bool Integer(EventKey key, bool required, int64_t min, int64_t max, int64_t& out) const {
    const EventValue& value = parts_[key];
    if (value.kind == Kind::kAbsent) return !required;
    if (value.kind != Kind::kInteger || value.integer < min || value.integer > max) return false;
    out = value.integer;
    return true;
  }

  bool Tags(Event& event) const {
    Kind kind = parts_[EventKey::kTags].kind;
    if (kind == Kind::kAbsent) return true;
    if (kind != Kind::kArray) return false;
    event.tags = std::move(parts_.tags);
    return true;
  }

  bool Utm(Event& event) const {
    Kind kind = parts_[EventKey::kUtm].kind;
    if (kind == Kind::kAbsent) return true;
    if (kind != Kind::kObject) return false;
    event.utm = std::move(parts_.utm);
    return true;
  }

  // The tree keeps the last of duplicate keys and iterates keys in sorted order.
  bool Fields(Event& event) const {
    if (parts_[EventKey::kFields].kind != Kind::kObject) return false;
    auto& fields = parts_.fields;
    std::stable_sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i + 1 < fields.size() && fields[i + 1].first == fields[i].first) continue;
      if (fields[i].second.is_number) fields[i].second.text = FormatNumber(fields[i].second.number);
      event.fields.push_back(std::move(fields[i]));
    }
    return true;
  }

  bool ReadTypeFields(Event& event) const {
    switch (event.type) {
      case EventType::kVisit:
        return Utm(event);
      case EventType::kPageView: {
        const EventValue& path = parts_[EventKey::kPath];
        if (path.kind != Kind::kString || path.text.empty()) return false;
        event.path.assign(StripQueryAndFragment(path.text));
        return String(EventKey::kTitle, false, true, event.title) && Utm(event);
      }
      case EventType::kContentView:
        return String(EventKey::kId, true, false, event.id) && Tags(event) &&
               Integer(EventKey::kMs, true, 0, kMaxDwellMs, event.ms);
      case EventType::kSlideView:
        return String(EventKey::kDeck, true, false, event.deck) &&
               Integer(EventKey::kSlide, true, 1, kInt64Max, event.slide) &&
               Integer(EventKey::kOf, false, 1, kInt64Max, event.of) &&
               Integer(EventKey::kMs, true, 0, kMaxDwellMs, event.ms);
      case EventType::kFormView:
      case EventType::kFormStart:
        return String(EventKey::kForm, true, false, event.form);
      case EventType::kFormSubmit: {
        if (!String(EventKey::kForm, true, false, event.form) || !Fields(event)) return false;
        int64_t fill = 0;
        if (!Integer(EventKey::kFillMs, false, 0, kInt64Max, fill)) return false;
        if (!Absent(EventKey::kFillMs)) event.fill_ms = fill;
        std::string honeypot;
        if (!String(EventKey::kHoneypot, false, true, honeypot)) return false;
        if (!Absent(EventKey::kHoneypot)) event.honeypot = std::move(honeypot);
        const EventValue& webdriver = parts_[EventKey::kWebdriver];
        if (webdriver.kind == Kind::kBool) {
          event.webdriver = webdriver.boolean;
        } else if (webdriver.kind != Kind::kAbsent) {
          return false;
        }
        return true;
      }
      case EventType::kClick:
      case EventType::kDownload:
        return String(EventKey::kId, true, false, event.id) && Tags(event);
      case EventType::kConsent: {
        const EventValue& granted = parts_[EventKey::kGranted];
        if (granted.kind != Kind::kBool) return false;
        event.granted = granted.boolean;
        return true;
      }
      case EventType::kCustom: {
        if (!String(EventKey::kName, true, false, event.name)) return false;
        const EventValue& value = parts_[EventKey::kValue];
        if (value.kind == Kind::kInteger) event.value = static_cast<double>(value.integer);
        else if (value.kind == Kind::kNumber) event.value = value.number;
        else if (value.kind != Kind::kAbsent) return false;
        return true;
      }
      case EventType::kDeckComplete:
        return false;
    }
    return false;
  }

  EventParts& parts_;
};

}  // namespace

// A table rather than a switch on the first letter: as fast to within a percent of a log's
// reading, and 500 bytes smaller in the wasm build.
constexpr std::pair<std::string_view, EventKey> kKeys[] = {
    {"type", EventKey::kType}, {"t", EventKey::kT}, {"path", EventKey::kPath},
    {"title", EventKey::kTitle}, {"id", EventKey::kId}, {"tags", EventKey::kTags},
    {"deck", EventKey::kDeck}, {"slide", EventKey::kSlide}, {"of", EventKey::kOf},
    {"ms", EventKey::kMs}, {"form", EventKey::kForm}, {"fields", EventKey::kFields},
    {"fillMs", EventKey::kFillMs}, {"honeypot", EventKey::kHoneypot},
    {"webdriver", EventKey::kWebdriver}, {"granted", EventKey::kGranted},
    {"name", EventKey::kName}, {"value", EventKey::kValue}, {"utm", EventKey::kUtm},
};
EventKey EventKeyFor(std::string_view name) {
  for (const auto& [key_name, key] : kKeys) {
    if (key_name == name) return key;
  }
  return EventKey::kOther;
}

FieldValue TextFieldValue(std::string_view text) {
  FieldValue field;
  field.text.assign(Trim(text));
  return field;
}

FieldValue NumberFieldValue(double number) {
  FieldValue field;
  field.is_number = true;
  field.number = number;
  return field;
}

std::optional<Event> ValidEventFromParts(EventParts& parts) { return Builder(parts).Build(); }

}  // namespace leadscore::detail

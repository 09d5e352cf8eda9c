#include "event_parts.h"

#include <algorithm>

#include "text.h"

namespace leadscore::detail {
namespace {

using Kind = EventValue::Kind;

// Follows the event format table as the general reader does on valid input; every check that
// reader would fail makes the result unsure instead of an error.
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
    const EventValue& t = parts_[EventKey::kT];
    if (t.kind != Kind::kInteger || t.integer < 0) return false;
    event.t = t.integer;
    for (const EventKeyRule& rule : kEventFormat) {
      if (rule.type == event.type && !ReadKey(rule, event)) return false;
    }
    return true;
  }

  bool ReadKey(const EventKeyRule& rule, Event& event) const {
    const EventValue& value = parts_[rule.key];
    if (value.kind == Kind::kAbsent) return !rule.required;
    switch (rule.kind) {
      case EventKind::kText:
      case EventKind::kTextOrEmpty:
      case EventKind::kUrlPath: {
        if (value.kind != Kind::kString) return false;
        if (value.text.empty() && rule.kind != EventKind::kTextOrEmpty) return false;
        std::string_view text = value.text;
        if (rule.kind == EventKind::kUrlPath) text = StripQueryAndFragment(text);
        if (text.empty() && rule.kind != EventKind::kTextOrEmpty) return false;  // the general reader says why
        SetText(event, rule.key, std::string(text));
        return true;
      }
      // Only integers written as such: the general reader also takes 5000.0, which is left to it.
      case EventKind::kInteger:
        if (value.kind != Kind::kInteger || value.integer < rule.min || value.integer > rule.max) return false;
        SetInteger(event, rule.key, value.integer);
        return true;
      case EventKind::kNumber:
        if (value.kind == Kind::kInteger) event.value = static_cast<double>(value.integer);
        else if (value.kind == Kind::kNumber) event.value = value.number;
        else return false;
        return true;
      case EventKind::kBool:
        if (value.kind != Kind::kBool) return false;
        SetBool(event, rule.key, value.boolean);
        return true;
      case EventKind::kTags:
        if (value.kind != Kind::kArray) return false;
        event.tags = std::move(parts_.tags);
        return true;
      case EventKind::kUtm:
        if (value.kind != Kind::kObject) return false;
        event.utm = std::move(parts_.utm);
        return true;
      case EventKind::kFields:
        if (value.kind != Kind::kObject) return false;
        Fields(event);
        return true;
    }
    return false;
  }

  // The general reader keeps the last of duplicate keys and reads keys in sorted order.
  void Fields(Event& event) const {
    auto& fields = parts_.fields;
    std::stable_sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i + 1 < fields.size() && fields[i + 1].first == fields[i].first) continue;
      if (fields[i].second.is_number) fields[i].second.text = FormatNumber(fields[i].second.number);
      event.fields.push_back(std::move(fields[i]));
    }
  }

  EventParts& parts_;
};

}  // namespace

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

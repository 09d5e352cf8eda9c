#include "event_json.h"

#include <cmath>
#include <map>

#include "event_fast_parse.h"
#include "event_reader.h"

namespace leadscore {

Result<Event> ParseEvent(std::string_view json) {
  if (std::optional<Event> event = detail::ParseValidEventFast(json)) return std::move(*event);
  Result<detail::Json> parsed = detail::ParseJson(json);
  if (!parsed.ok()) return std::vector<Error>{{"$", parsed.errors().front().message}};
  std::vector<Error> errors;
  std::optional<Event> event = detail::EventFromJson(parsed.value(), "$", errors);
  if (!event) return errors;
  return std::move(*event);
}

std::string EventToJson(const Event& event) {
  detail::JsonWriter out;
  detail::WriteEvent(out, event);
  return out.Take();
}

namespace detail {

std::optional<Event> EventFromJson(const Json& value, const std::string& path,
                                   std::vector<Error>& errors) {
  return ReadEvent(TreeValue(value), path, errors);
}

std::optional<FieldValue> FieldValueFromJson(const Json& value) {
  return ReadFieldValue(TreeValue(value));
}

namespace {

void WriteFieldValue(JsonWriter& out, const FieldValue& value) {
  if (!value.is_number) {
    out.String(value.text);
  } else if (std::trunc(value.number) == value.number && std::fabs(value.number) < 9e15) {
    out.Integer(static_cast<int64_t>(value.number));  // 2000 stays 2000 on the wire, not 2000.0
  } else {
    out.Double(value.number);
  }
}

// Writes one key of the event format when the event carries it.
void WriteEventKey(JsonWriter& out, const EventKeyRule& rule, const Event& event) {
  std::string_view name = EventKeyName(rule.key);
  switch (rule.kind) {
    case EventKind::kText:
    case EventKind::kTextOrEmpty:
    case EventKind::kUrlPath:
      if (const std::string* text = GetText(event, rule.key)) out.Key(name).String(*text);
      break;
    case EventKind::kInteger:
      if (auto number = GetInteger(event, rule.key)) out.Key(name).Integer(*number);
      break;
    case EventKind::kNumber:
      if (event.value) out.Key(name).Double(*event.value);
      break;
    case EventKind::kBool:
      if (auto flag = GetBool(event, rule.key)) out.Key(name).Bool(*flag);
      break;
    case EventKind::kTags:
      if (event.tags.empty()) break;
      out.Key(name).BeginArray();
      for (const std::string& tag : event.tags) out.String(tag);
      out.EndArray();
      break;
    case EventKind::kUtm:
      if (event.utm.empty()) break;
      out.Key(name).BeginObject();
      for (const auto& [key, value] : event.utm) out.Key(key).String(value);  // sorted, as the map holds them
      out.EndObject();
      break;
    case EventKind::kFields:
      WriteFields(out.Key(name), event.fields);
      break;
  }
}

}  // namespace

void WriteFields(JsonWriter& out, const std::vector<std::pair<std::string, FieldValue>>& fields) {
  out.BeginObject();
  for (const auto& [name, value] : fields) {
    out.Key(name);
    WriteFieldValue(out, value);
  }
  out.EndObject();
}

std::string FieldsToJson(const std::vector<std::pair<std::string, FieldValue>>& fields) {
  JsonWriter out;
  WriteFields(out, fields);
  return out.Take();
}

void WriteEvent(JsonWriter& out, const Event& event) {
  out.BeginObject();
  out.Key("type").String(EventTypeName(event.type));
  out.Key("t").Integer(event.t);
  for (const EventKeyRule& rule : kEventFormat) {
    if (rule.type == event.type) WriteEventKey(out, rule, event);
  }
  out.EndObject();
}

}  // namespace detail
}  // namespace leadscore

#include "event_json.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <map>

#include "event_fast_parse.h"
#include "json_reader.h"
#include "text.h"

namespace leadscore {
namespace {

constexpr int64_t kMaxDwellMs = 86'400'000;  // one day: longer is a stuck timer, not reading

struct TypeName {
  EventType type;
  std::string_view name;
};

constexpr std::array<TypeName, 12> kTypeNames{{
    {EventType::kVisit, "visit"},
    {EventType::kPageView, "page_view"},
    {EventType::kContentView, "content_view"},
    {EventType::kSlideView, "slide_view"},
    {EventType::kFormView, "form_view"},
    {EventType::kFormStart, "form_start"},
    {EventType::kFormSubmit, "form_submit"},
    {EventType::kClick, "click"},
    {EventType::kDownload, "download"},
    {EventType::kConsent, "consent"},
    {EventType::kCustom, "custom"},
    {EventType::kDeckComplete, "deck_complete"},
}};

using detail::Json;
using detail::Need;
using detail::ObjectReader;

void ReadTags(const ObjectReader& reader, const Json& object, Event& event,
              std::vector<Error>& errors) {
  if (!reader.Has("tags")) return;
  const Json& tags = object.at("tags");
  std::string path = reader.PathOf("tags");
  if (!tags.is_array()) {
    errors.push_back({path, "expected an array of strings"});
    return;
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    if (tags[i].is_string()) {
      event.tags.push_back(tags[i].get<std::string>());
    } else {
      errors.push_back({detail::JoinIndex(path, i), "expected a string"});
    }
  }
}

void ReadUtm(const ObjectReader& reader, Event& event, std::vector<Error>& errors) {
  const Json* utm = reader.Object("utm", Need::kOptional);
  if (!utm) return;
  for (const auto& item : utm->items()) {
    if (item.value().is_string()) {
      event.utm[item.key()] = item.value().get<std::string>();
    } else {
      errors.push_back({detail::JoinKey(reader.PathOf("utm"), item.key()),
                        "expected a string"});
    }
  }
}

void ReadFields(const ObjectReader& reader, Event& event, std::vector<Error>& errors) {
  const Json* fields = reader.Object("fields", Need::kRequired);
  if (!fields) return;
  for (const auto& item : fields->items()) {
    std::optional<FieldValue> value = detail::FieldValueFromJson(item.value());
    if (value) {
      event.fields.emplace_back(item.key(), std::move(*value));
    } else {
      errors.push_back({detail::JoinKey(reader.PathOf("fields"), item.key()),
                        "expected a string or a number"});
    }
  }
}

void ReadTypeFields(const ObjectReader& reader, const Json& object, Event& event,
                    std::vector<Error>& errors) {
  auto assign = [](auto& target, auto&& value) {
    if (value) target = *value;
  };
  switch (event.type) {
    case EventType::kVisit:
      ReadUtm(reader, event, errors);
      break;
    case EventType::kPageView:
      if (auto path = reader.String("path", Need::kRequired)) {
        event.path = std::string(detail::StripQueryAndFragment(*path));
      }
      assign(event.title, reader.String("title", Need::kOptional, /*allow_empty=*/true));
      ReadUtm(reader, event, errors);
      break;
    case EventType::kContentView:
      assign(event.id, reader.String("id", Need::kRequired));
      ReadTags(reader, object, event, errors);
      assign(event.ms, reader.Integer("ms", Need::kRequired, 0, kMaxDwellMs));
      break;
    case EventType::kSlideView:
      assign(event.deck, reader.String("deck", Need::kRequired));
      assign(event.slide, reader.Integer("slide", Need::kRequired, 1));
      assign(event.of, reader.Integer("of", Need::kOptional, 1));
      assign(event.ms, reader.Integer("ms", Need::kRequired, 0, kMaxDwellMs));
      break;
    case EventType::kFormView:
    case EventType::kFormStart:
      assign(event.form, reader.String("form", Need::kRequired));
      break;
    case EventType::kFormSubmit:
      assign(event.form, reader.String("form", Need::kRequired));
      ReadFields(reader, event, errors);
      if (auto fill = reader.Integer("fillMs", Need::kOptional, 0)) event.fill_ms = fill;
      if (auto honeypot = reader.String("honeypot", Need::kOptional, true)) event.honeypot = honeypot;
      if (auto webdriver = reader.Bool("webdriver", Need::kOptional)) event.webdriver = webdriver;
      break;
    case EventType::kClick:
    case EventType::kDownload:
      assign(event.id, reader.String("id", Need::kRequired));
      ReadTags(reader, object, event, errors);
      break;
    case EventType::kConsent:
      assign(event.granted, reader.Bool("granted", Need::kRequired));
      break;
    case EventType::kCustom:
      assign(event.name, reader.String("name", Need::kRequired));
      if (auto value = reader.Number("value", Need::kOptional)) event.value = value;
      break;
    case EventType::kDeckComplete:
      break;
  }
}

}  // namespace

std::string_view EventTypeName(EventType type) {
  for (const auto& entry : kTypeNames) {
    if (entry.type == type) return entry.name;
  }
  return "custom";
}

std::optional<EventType> EventTypeFromName(std::string_view name) {
  for (const auto& entry : kTypeNames) {
    if (entry.name == name) return entry.type;
  }
  return std::nullopt;
}

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
  if (!value.is_object()) {
    errors.push_back({path, "expected an event object"});
    return std::nullopt;
  }
  size_t errors_before = errors.size();
  ObjectReader reader(value, path, errors);
  Event event;
  std::optional<std::string> type_name = reader.String("type", Need::kRequired);
  std::optional<EventType> type = type_name ? EventTypeFromName(*type_name) : std::nullopt;
  if (type_name && !type) {
    reader.Fail("type", "unknown event type \"" + *type_name + "\"");
  } else if (type == EventType::kDeckComplete) {
    reader.Fail("type", detail::kDerivedEventRefused);
    type.reset();
  }
  if (auto t = reader.Integer("t", Need::kRequired, 0)) event.t = *t;
  if (type) {
    event.type = *type;
    ReadTypeFields(reader, value, event, errors);
  }
  if (errors.size() != errors_before) return std::nullopt;
  return event;
}

std::optional<FieldValue> FieldValueFromJson(const Json& value) {
  FieldValue field;
  if (value.is_string()) {
    field.text = std::string(Trim(value.get_ref<const std::string&>()));
    return field;
  }
  if (value.is_number()) {
    field.is_number = true;
    field.number = value.get<double>();
    field.text = FormatNumber(field.number);
    return field;
  }
  return std::nullopt;
}

std::string FormatNumber(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
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

void WriteStrings(JsonWriter& out, const std::vector<std::string>& strings) {
  out.BeginArray();
  for (const std::string& text : strings) out.String(text);
  out.EndArray();
}

// The keys come out sorted, as std::map holds them.
void WriteUtm(JsonWriter& out, const std::map<std::string, std::string>& utm) {
  out.BeginObject();
  for (const auto& [key, value] : utm) out.Key(key).String(value);
  out.EndObject();
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
  auto put_tags = [&] {
    if (!event.tags.empty()) WriteStrings(out.Key("tags"), event.tags);
  };
  auto put_utm = [&] {
    if (!event.utm.empty()) WriteUtm(out.Key("utm"), event.utm);
  };
  switch (event.type) {
    case EventType::kVisit:
      put_utm();
      break;
    case EventType::kPageView:
      out.Key("path").String(event.path);
      if (!event.title.empty()) out.Key("title").String(event.title);
      put_utm();
      break;
    case EventType::kContentView:
      out.Key("id").String(event.id);
      put_tags();
      out.Key("ms").Integer(event.ms);
      break;
    case EventType::kSlideView:
      out.Key("deck").String(event.deck);
      out.Key("slide").Integer(event.slide);
      if (event.of > 0) out.Key("of").Integer(event.of);
      out.Key("ms").Integer(event.ms);
      break;
    case EventType::kFormView:
    case EventType::kFormStart:
      out.Key("form").String(event.form);
      break;
    case EventType::kFormSubmit:
      out.Key("form").String(event.form);
      WriteFields(out.Key("fields"), event.fields);
      if (event.fill_ms) out.Key("fillMs").Integer(*event.fill_ms);
      if (event.honeypot) out.Key("honeypot").String(*event.honeypot);
      if (event.webdriver) out.Key("webdriver").Bool(*event.webdriver);
      break;
    case EventType::kClick:
    case EventType::kDownload:
      out.Key("id").String(event.id);
      put_tags();
      break;
    case EventType::kConsent:
      out.Key("granted").Bool(event.granted);
      break;
    case EventType::kCustom:
      out.Key("name").String(event.name);
      if (event.value) out.Key("value").Double(*event.value);
      break;
    case EventType::kDeckComplete:
      out.Key("deck").String(event.deck);
      break;
  }
  out.EndObject();
}

}  // namespace detail
}  // namespace leadscore

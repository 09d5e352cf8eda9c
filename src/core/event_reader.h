#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event_format.h"
#include "json_reader.h"
#include "leadscore/event.h"
#include "text.h"

namespace leadscore::detail {

// The general event reader: any JSON value (json_reader.h) to a validated Event, every problem
// reported with its path, following the event format table (event_format.h).

/// Reads a form field value (string, trimmed, or number); nullopt for any other type.
template <class Value>
std::optional<FieldValue> ReadFieldValue(const Value& value) {
  FieldValue field;
  if (value.IsString()) {
    field.text = std::string(Trim(value.String()));
    return field;
  }
  if (!value.IsNumber()) return std::nullopt;
  field.is_number = true;
  field.number = value.Number();
  field.text = FormatNumber(field.number);
  return field;
}

template <class Value>
void ReadEventKey(const ObjectReader<Value>& reader, const EventKeyRule& rule, Event& event,
                  std::vector<Error>& errors) {
  std::string_view name = EventKeyName(rule.key);
  Need need = rule.required ? Need::kRequired : Need::kOptional;
  switch (rule.kind) {
    case EventKind::kText:
    case EventKind::kTextOrEmpty:
      if (auto text = reader.String(name, need, rule.kind == EventKind::kTextOrEmpty)) {
        SetText(event, rule.key, std::move(*text));
      }
      break;
    case EventKind::kUrlPath:
      if (auto text = reader.String(name, need)) {
        std::string_view path = StripQueryAndFragment(*text);
        // "?utm=x" alone would leave an empty path, which no payload could carry.
        if (path.empty()) {
          reader.Fail(name, "must not be empty without its query string and fragment");
        } else {
          SetText(event, rule.key, std::string(path));
        }
      }
      break;
    case EventKind::kInteger:
      if (auto number = reader.Integer(name, need, rule.min, rule.max)) SetInteger(event, rule.key, *number);
      break;
    case EventKind::kNumber:
      if (auto number = reader.Number(name, need)) event.value = number;
      break;
    case EventKind::kBool:
      if (auto flag = reader.Bool(name, need)) SetBool(event, rule.key, *flag);
      break;
    case EventKind::kTags: {
      std::optional<Value> tags = reader.Find(name);
      if (!tags) break;
      std::string path = reader.PathOf(name);
      if (!tags->IsArray()) {
        errors.push_back({path, "expected an array of strings"});
        break;
      }
      for (size_t i = 0; i < tags->Size(); ++i) {
        Value tag = tags->At(i);
        if (tag.IsString()) {
          event.tags.push_back(tag.String());
        } else {
          errors.push_back({JoinIndex(path, i), "expected a string"});
        }
      }
      break;
    }
    case EventKind::kUtm:
      if (auto utm = reader.Object(name, need)) {
        for (const std::string& key : utm->Keys()) {
          Value value = *utm->Find(key);
          if (value.IsString()) {
            event.utm[key] = value.String();
          } else {
            errors.push_back({JoinKey(reader.PathOf(name), key), "expected a string"});
          }
        }
      }
      break;
    case EventKind::kFields:
      if (auto fields = reader.Object(name, need)) {
        for (const std::string& key : fields->Keys()) {
          if (auto value = ReadFieldValue(*fields->Find(key))) {
            event.fields.emplace_back(key, std::move(*value));
          } else {
            errors.push_back({JoinKey(reader.PathOf(name), key), "expected a string or a number"});
          }
        }
      }
      break;
  }
}

/// Validates one event object found at `path`; appends every problem to `errors`.
template <class Value>
std::optional<Event> ReadEvent(const Value& value, const std::string& path, std::vector<Error>& errors) {
  if (!value.IsObject()) {
    errors.push_back({path, "expected an event object"});
    return std::nullopt;
  }
  size_t errors_before = errors.size();
  ObjectReader<Value> reader(value, path, errors);
  Event event;
  std::optional<std::string> type_name = reader.String("type", Need::kRequired);
  std::optional<EventType> type = type_name ? EventTypeFromName(*type_name) : std::nullopt;
  if (type_name && !type) {
    reader.Fail("type", "unknown event type \"" + *type_name + "\"");
  } else if (type == EventType::kDeckComplete) {
    reader.Fail("type", kDerivedEventRefused);
    type.reset();
  }
  if (auto t = reader.Integer("t", Need::kRequired, 0)) event.t = *t;
  if (type) {
    event.type = *type;
    for (const EventKeyRule& rule : kEventFormat) {
      if (rule.type == *type) ReadEventKey(reader, rule, event, errors);
    }
  }
  if (errors.size() != errors_before) return std::nullopt;
  return event;
}

}  // namespace leadscore::detail

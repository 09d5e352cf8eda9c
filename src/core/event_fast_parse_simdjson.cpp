// The fast reader on simdjson's DOM, for native builds. simdjson validates the whole document
// (structure, UTF-8, escapes, numbers) before anything is read from it, so an event is read only
// from text that nlohmann would parse too.
#include <limits>

#include "event_fast_parse.h"
#include "event_parts_simdjson.h"

namespace leadscore::detail {
namespace {

using Kind = EventValue::Kind;
using simdjson::dom::element_type;

bool ReadTags(simdjson::dom::array array, EventParts& parts) {
  parts.tags.clear();
  for (simdjson::dom::element tag : array) {
    std::string_view text;
    if (tag.get_string().get(text)) return false;
    parts.tags.emplace_back(text);
  }
  return true;
}

bool ReadFields(simdjson::dom::object object, EventParts& parts) {
  parts.fields.clear();
  for (simdjson::dom::key_value_pair field : object) {
    std::string_view text;
    double number = 0;
    if (!field.value.get_string().get(text)) {
      parts.fields.emplace_back(std::string(field.key), TextFieldValue(text));
    } else if (ReadJsonNumber(field.value, number)) {
      parts.fields.emplace_back(std::string(field.key), NumberFieldValue(number));
    } else {
      return false;
    }
  }
  return true;
}

bool ReadUtm(simdjson::dom::object object, EventParts& parts) {
  parts.utm.clear();
  for (simdjson::dom::key_value_pair item : object) {
    std::string_view text;
    if (item.value.get_string().get(text)) return false;
    parts.utm[std::string(item.key)] = std::string(text);
  }
  return true;
}

}  // namespace

bool ReadJsonNumber(simdjson::dom::element value, double& number) {
  switch (value.type()) {
    case element_type::INT64: number = static_cast<double>(value.get_int64().value_unsafe()); return true;
    case element_type::UINT64: number = static_cast<double>(value.get_uint64().value_unsafe()); return true;
    case element_type::DOUBLE: number = value.get_double().value_unsafe(); return true;
    default: return false;
  }
}

bool ReadEventParts(simdjson::dom::element element, EventParts& parts) {
  simdjson::dom::object object;
  if (element.get_object().get(object)) return false;
  for (simdjson::dom::key_value_pair member : object) {
    EventKey key = EventKeyFor(member.key);
    if (key == EventKey::kOther) continue;  // the tree ignores unknown keys; so does Build
    EventValue& value = parts[key];
    value = EventValue{};
    simdjson::dom::element item = member.value;
    switch (item.type()) {
      case element_type::STRING:
        value.kind = Kind::kString;
        value.text = item.get_string().value_unsafe();
        break;
      case element_type::INT64:
        value.kind = Kind::kInteger;
        value.integer = item.get_int64().value_unsafe();
        break;
      case element_type::UINT64:  // above int64: a number, but not one the general path takes as an integer
        value.kind = Kind::kNumber;
        value.number = static_cast<double>(item.get_uint64().value_unsafe());
        break;
      case element_type::DOUBLE:
        value.kind = Kind::kNumber;
        value.number = item.get_double().value_unsafe();
        break;
      case element_type::BOOL:
        value.kind = Kind::kBool;
        value.boolean = item.get_bool().value_unsafe();
        break;
      case element_type::NULL_VALUE:
        value.kind = Kind::kOther;
        break;
      case element_type::ARRAY:
        value.kind = Kind::kArray;
        if (key == EventKey::kTags && !ReadTags(item.get_array().value_unsafe(), parts)) return false;
        break;
      case element_type::OBJECT:
        value.kind = Kind::kObject;
        if (key == EventKey::kFields && !ReadFields(item.get_object().value_unsafe(), parts)) return false;
        if (key == EventKey::kUtm && !ReadUtm(item.get_object().value_unsafe(), parts)) return false;
        break;
    }
  }
  return true;
}

std::optional<Event> ParseValidEventSimdjson(std::string_view json) {
  // One parser per thread: it keeps its buffers, sized for the largest event it has read.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root)) return std::nullopt;
  EventParts parts;
  if (!ReadEventParts(root, parts)) return std::nullopt;
  return ValidEventFromParts(parts);
}

}  // namespace leadscore::detail

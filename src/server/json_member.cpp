#include "json_member.h"

#include <cstring>

namespace leadscore::server {
namespace {

size_t SkipSpace(std::string_view json, size_t at) {
  while (at < json.size() && std::strchr(" \t\r\n", json[at]) && json[at] != '\0') ++at;
  return at;
}

// `at` is on an opening quote; returns the index just past the closing one.
size_t SkipString(std::string_view json, size_t at) {
  for (++at; at < json.size(); ++at) {
    if (json[at] == '\\') ++at;
    else if (json[at] == '"') return at + 1;
  }
  return json.size();
}

// `at` is on the first character of a value; returns the index just past it.
size_t SkipValue(std::string_view json, size_t at) {
  if (at >= json.size()) return at;
  if (json[at] == '"') return SkipString(json, at);
  if (json[at] == '{' || json[at] == '[') {
    int depth = 0;
    while (at < json.size()) {
      char c = json[at];
      if (c == '"') {
        at = SkipString(json, at);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return at + 1;
      }
      ++at;
    }
    return at;
  }
  // A number, true, false or null runs to the next delimiter.
  while (at < json.size() && !std::strchr(",}] \t\r\n", json[at])) ++at;
  return at;
}

}  // namespace

std::optional<std::string_view> TopLevelMember(std::string_view json, std::string_view key) {
  size_t at = SkipSpace(json, 0);
  if (at >= json.size() || json[at] != '{') return std::nullopt;
  at = SkipSpace(json, at + 1);
  while (at < json.size() && json[at] == '"') {
    size_t key_end = SkipString(json, at);
    std::string_view name = json.substr(at + 1, key_end - at - 2);
    at = SkipSpace(json, key_end);
    if (at >= json.size() || json[at] != ':') return std::nullopt;
    size_t value = SkipSpace(json, at + 1);
    size_t value_end = SkipValue(json, value);
    if (name == key) return json.substr(value, value_end - value);
    at = SkipSpace(json, value_end);
    if (at < json.size() && json[at] == ',') at = SkipSpace(json, at + 1);
  }
  return std::nullopt;
}

}  // namespace leadscore::server

#pragma once

// Bounds on a config's size, checked before anything in it is read: a config is written by people,
// so a 20 MB `site`, a million rules or a thousand levels of nesting is a mistake or an attack,
// and either way it is refused with the path of the first offending value rather than slowing
// every page that loads it. docs/config.md ("Size limits") states the same numbers.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "json_path.h"
#include "leadscore/result.h"

namespace leadscore::detail {

inline constexpr size_t kMaxConfigStringBytes = 2048;    // a string value or a member name
inline constexpr size_t kMaxConfigArrayElements = 1000;  // rules, domains, tags, origins, …
inline constexpr size_t kMaxConfigObjectMembers = 1000;  // decks, gates, a rule's keys, …
inline constexpr size_t kMaxConfigDepth = 16;            // the deepest real key sits at 6
inline constexpr size_t kMaxConfigValues = 50000;        // every value, containers included

namespace config_limits {

template <class Value>
class SizeCheck {
 public:
  explicit SizeCheck(std::vector<Error>& errors) : errors_(errors) {}

  // Returns false at the first limit passed: past it, walking on would cost what the limit spares.
  bool Walk(const Value& value, const std::string& path, size_t depth) {
    if (++values_ > kMaxConfigValues) {
      return Fail(path, "the config holds more than " + std::to_string(kMaxConfigValues) + " values");
    }
    if (depth > kMaxConfigDepth) {
      return Fail(path, "nested more than " + std::to_string(kMaxConfigDepth) + " levels deep");
    }
    if (value.IsString()) {
      size_t bytes = value.String().size();
      if (bytes > kMaxConfigStringBytes) return Fail(path, TooLong("string", bytes));
      return true;
    }
    if (value.IsArray()) {
      size_t size = value.Size();
      if (size > kMaxConfigArrayElements) {
        return Fail(path, "has " + std::to_string(size) + " elements, more than " +
                              std::to_string(kMaxConfigArrayElements));
      }
      for (size_t i = 0; i < size; ++i) {
        if (!Walk(value.At(i), JoinIndex(path, i), depth + 1)) return false;
      }
      return true;
    }
    if (value.IsObject()) {
      std::vector<std::string> keys = value.Keys();
      if (keys.size() > kMaxConfigObjectMembers) {
        return Fail(path, "has " + std::to_string(keys.size()) + " members, more than " +
                              std::to_string(kMaxConfigObjectMembers));
      }
      for (const std::string& key : keys) {
        // A name this long is reported at its object: a path holding it would be as long.
        if (key.size() > kMaxConfigStringBytes) return Fail(path, TooLong("member name", key.size()));
        if (!Walk(*value.Find(key), JoinKey(path, key), depth + 1)) return false;
      }
    }
    return true;
  }

 private:
  static std::string TooLong(const char* what, size_t bytes) {
    return "a " + std::string(what) + " of " + std::to_string(bytes) + " bytes, longer than " +
           std::to_string(kMaxConfigStringBytes);
  }

  bool Fail(const std::string& path, std::string message) {
    errors_.push_back({path, std::move(message)});
    return false;
  }

  std::vector<Error>& errors_;
  size_t values_ = 0;
};

}  // namespace config_limits

/// The first size limit `root` passes, as an error with its path; nullopt when it is within all.
template <class Value>
std::optional<Error> ConfigSizeProblem(const Value& root) {
  std::vector<Error> errors;
  config_limits::SizeCheck<Value>(errors).Walk(root, "$", 0);
  if (errors.empty()) return std::nullopt;
  return errors.front();
}

}  // namespace leadscore::detail

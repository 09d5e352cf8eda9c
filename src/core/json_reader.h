#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_path.h"
#include "leadscore/result.h"

namespace leadscore::detail {

// The one reader of configs and events. It is written once against a JSON value's shape and
// compiled for two: natively over an nlohmann tree (TreeValue, json_tree.h), in the browser over
// JavaScript values (src/wasm/js_value.h), so both report the same errors at the same paths.
// A Value has:
//   bool IsObject(), IsArray(), IsString(), IsNumber(), IsBool()
//   std::string String(); double Number(); bool Bool()
//   std::optional<int64_t> Integer()        an integral number (5000 or 5000.0) that int64 holds
//   size_t Size(); Value At(size_t)           an array's elements
//   std::vector<std::string> Keys()           an object's member names in ascending byte order
//   std::optional<Value> Find(std::string_view key)

enum class Need { kOptional, kRequired };

/// Reads typed keys of one JSON object, recording every problem with its JSON path instead of
/// stopping at the first: users fix a config in one pass.
template <class Value>
class ObjectReader {
 public:
  ObjectReader(const Value& object, std::string path, std::vector<Error>& errors)
      : object_(object), path_(std::move(path)), errors_(errors) {}

  bool Has(std::string_view key) const { return object_.Find(key).has_value(); }
  std::optional<Value> Find(std::string_view key) const { return object_.Find(key); }
  std::string PathOf(std::string_view key) const { return JoinKey(path_, key); }
  const std::string& path() const { return path_; }
  void Fail(std::string_view key, std::string message) const {
    errors_.push_back({PathOf(key), std::move(message)});
  }

  std::optional<std::string> String(std::string_view key, Need need, bool allow_empty = false) const {
    std::optional<Value> value = Find(key, need);
    if (!value) return std::nullopt;
    if (!value->IsString()) return Expected(key, "a string");
    std::string text = value->String();
    if (!allow_empty && text.empty()) {
      Fail(key, "must not be empty");
      return std::nullopt;
    }
    return text;
  }

  std::optional<double> Number(std::string_view key, Need need) const {
    std::optional<Value> value = Find(key, need);
    if (!value) return std::nullopt;
    if (!value->IsNumber()) return Expected(key, "a number");
    return value->Number();
  }

  std::optional<int64_t> Integer(std::string_view key, Need need,
                                 int64_t min = std::numeric_limits<int64_t>::min(),
                                 int64_t max = std::numeric_limits<int64_t>::max()) const {
    std::optional<Value> value = Find(key, need);
    if (!value) return std::nullopt;
    std::optional<int64_t> number = value->Integer();
    if (!number) return Expected(key, "an integer");
    if (*number < min || *number > max) {
      if (max == std::numeric_limits<int64_t>::max()) {
        Fail(key, "must be at least " + std::to_string(min));
      } else {
        Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      }
      return std::nullopt;
    }
    return number;
  }

  std::optional<bool> Bool(std::string_view key, Need need) const {
    std::optional<Value> value = Find(key, need);
    if (!value) return std::nullopt;
    if (!value->IsBool()) return Expected(key, "a boolean");
    return value->Bool();
  }

  std::optional<Value> Object(std::string_view key, Need need) const {
    std::optional<Value> value = Find(key, need);
    if (value && !value->IsObject()) return Expected(key, "an object");
    return value;
  }

  std::optional<Value> Array(std::string_view key, Need need) const {
    std::optional<Value> value = Find(key, need);
    if (value && !value->IsArray()) return Expected(key, "an array");
    return value;
  }

  /// Reports each key not in `allowed` as `unknown key` (typos must not silently score nothing).
  void RejectUnknownKeys(const std::vector<std::string_view>& allowed) const {
    for (const std::string& key : object_.Keys()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) Fail(key, "unknown key");
    }
  }

 private:
  std::optional<Value> Find(std::string_view key, Need need) const {
    std::optional<Value> value = object_.Find(key);
    if (!value && need == Need::kRequired) Fail(key, "is required");
    return value;
  }

  // Reports the wrong type; converts to any std::optional as "no value".
  std::nullopt_t Expected(std::string_view key, std::string_view expected) const {
    Fail(key, "expected " + std::string(expected));
    return std::nullopt;
  }

  Value object_;  // a view: cheap to copy, and no temporary can dangle
  std::string path_;
  std::vector<Error>& errors_;
};

/// Reads a string or an array of strings at `path`; reports `expected a string or an array of strings`.
template <class Value>
std::optional<std::vector<std::string>> StringOrStrings(const Value& value, const std::string& path,
                                                        std::vector<Error>& errors) {
  if (value.IsString()) return std::vector<std::string>{value.String()};
  if (!value.IsArray()) {
    errors.push_back({path, "expected a string or an array of strings"});
    return std::nullopt;
  }
  std::vector<std::string> strings;
  bool ok = true;
  for (size_t i = 0; i < value.Size(); ++i) {
    Value element = value.At(i);
    if (!element.IsString()) {
      errors.push_back({JoinIndex(path, i), "expected a string"});
      ok = false;
    } else {
      strings.push_back(element.String());
    }
  }
  if (ok) return strings;
  return std::nullopt;
}

}  // namespace leadscore::detail

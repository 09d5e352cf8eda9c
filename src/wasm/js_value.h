#pragma once

#include <emscripten/val.h>

#include <algorithm>
#include <map>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadscore::wasm {

/// A JavaScript value (what JSON.parse made, or an event object the page built) in the shape the
/// core's one config and event reader takes (src/core/json_reader.h): the browser needs no JSON
/// parser of its own. JSON's rules hold: a member that is `undefined` is absent, and a number
/// that is not finite is not a number (JSON.stringify would have written null).
class JsValue {
 public:
  explicit JsValue(emscripten::val value) : value_(std::move(value)) {}

  // Each question is one call into JavaScript at most (booleans and null need none): an event
  // is read with a few dozen of them.
  bool IsObject() const {
    static const emscripten::val object_type("object");
    return !value_.isNull() && value_.typeOf().strictlyEquals(object_type) && !IsArray();
  }
  bool IsArray() const {
    static const emscripten::val array = emscripten::val::global("Array");
    return array.call<bool>("isArray", value_);
  }
  bool IsString() const { return value_.isString(); }
  bool IsNumber() const { return value_.isNumber() && std::isfinite(value_.as<double>()); }
  bool IsBool() const { return value_.isTrue() || value_.isFalse(); }

  std::string String() const { return value_.as<std::string>(); }
  double Number() const { return value_.as<double>(); }
  bool Bool() const { return value_.isTrue(); }

  std::optional<int64_t> Integer() const {
    if (!value_.isNumber()) return std::nullopt;
    double number = value_.as<double>();  // NaN and infinities fail the test below
    // 2^63 bounds what int64 holds; a fractional part means it is not an integer.
    if (!std::isfinite(number) || std::trunc(number) != number || std::fabs(number) >= 9.2e18) return std::nullopt;
    return static_cast<int64_t>(number);
  }

  size_t Size() const { return value_["length"].as<size_t>(); }
  JsValue At(size_t index) const { return JsValue(value_[index]); }

  /// Own enumerable member names that hold a value, in ascending byte order (as the native reader).
  std::vector<std::string> Keys() const {
    emscripten::val names = emscripten::val::global("Object").call<emscripten::val>("keys", value_);
    std::vector<std::string> keys;
    size_t count = names["length"].as<size_t>();
    keys.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      emscripten::val name = names[i];
      if (!value_[name].isUndefined()) keys.push_back(name.as<std::string>());
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  std::optional<JsValue> Find(std::string_view key) const {
    emscripten::val member = value_[PropertyName(key)];
    if (member.isUndefined()) return std::nullopt;
    return JsValue(std::move(member));
  }

 private:
  // Member names as JavaScript strings, made once: the same few dozen (an event's keys, a config's)
  // are asked for again and again, and making one from UTF-8 costs more than the lookup itself.
  static const emscripten::val& PropertyName(std::string_view key) {
    static std::map<std::string, emscripten::val, std::less<>> names;
    constexpr size_t kMaxNames = 256;  // names read from data (form fields) must not grow it forever
    auto it = names.find(key);
    if (it != names.end()) return it->second;
    if (names.size() >= kMaxNames) names.clear();
    return names.emplace(std::string(key), emscripten::val(std::string(key))).first->second;
  }

  emscripten::val value_;
};

}  // namespace leadscore::wasm

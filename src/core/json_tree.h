#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "json_reader.h"
#include "leadscore/result.h"

namespace leadscore::detail {

using Json = nlohmann::json;

/// Parses JSON text into a tree without exceptions. On failure, returns an error whose message
/// names the line and column, as nlohmann reports them.
Result<Json> ParseJson(std::string_view text);

/// A read-only view of one value of a parsed nlohmann tree, in the shape every reader of the core
/// takes (json_reader.h names it): the native side of the one config and event reader. The wasm
/// build has the same shape over JavaScript values (src/wasm/js_value.h).
class TreeValue {
 public:
  TreeValue(const Json& json) : json_(&json) {}  // NOLINT: a tree is read where a value is

  bool IsObject() const { return json_->is_object(); }
  bool IsArray() const { return json_->is_array(); }
  bool IsString() const { return json_->is_string(); }
  bool IsNumber() const { return json_->is_number(); }
  bool IsBool() const { return json_->is_boolean(); }

  std::string String() const { return json_->get<std::string>(); }
  double Number() const { return json_->get<double>(); }
  bool Bool() const { return json_->get<bool>(); }

  /// An integral number (5000 or 5000.0) that int64 holds; nullopt for anything else.
  std::optional<int64_t> Integer() const {
    if (json_->is_number_integer()) {
      if (json_->is_number_unsigned() &&
          json_->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return std::nullopt;
      }
      return json_->get<int64_t>();
    }
    if (!json_->is_number_float()) return std::nullopt;
    double number = json_->get<double>();
    // 2^63 bounds what int64 holds; a fractional part means it is not an integer.
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 9.2e18) {
      return static_cast<int64_t>(number);
    }
    return std::nullopt;
  }

  size_t Size() const { return json_->size(); }
  TreeValue At(size_t index) const { return (*json_)[index]; }

  /// An object's member names in ascending byte order (the order nlohmann keeps them in).
  std::vector<std::string> Keys() const {
    std::vector<std::string> keys;
    keys.reserve(json_->size());
    for (const auto& item : json_->items()) keys.push_back(item.key());
    return keys;
  }

  std::optional<TreeValue> Find(std::string_view key) const {
    auto it = json_->find(std::string(key));
    if (it == json_->end()) return std::nullopt;
    return TreeValue(*it);
  }

  const Json& json() const { return *json_; }

 private:
  const Json* json_;
};

/// A reader over a tree: `ObjectReader reader(json, "$", errors)`.
ObjectReader(const Json&, std::string, std::vector<Error>&) -> ObjectReader<TreeValue>;

}  // namespace leadscore::detail

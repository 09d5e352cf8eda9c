#include "json_reader.h"

#include <algorithm>
#include <cmath>

namespace leadscore::detail {

bool ObjectReader::Has(std::string_view key) const {
  return object_.find(std::string(key)) != object_.end();
}

void ObjectReader::Fail(std::string_view key, std::string message) const {
  errors_.push_back({PathOf(key), std::move(message)});
}

void ObjectReader::ExpectedType(std::string_view key, std::string_view expected) const {
  Fail(key, "expected " + std::string(expected));
}

const Json* ObjectReader::Find(std::string_view key, Need need) const {
  auto it = object_.find(std::string(key));
  if (it == object_.end()) {
    if (need == Need::kRequired) Fail(key, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> ObjectReader::String(std::string_view key, Need need,
                                                bool allow_empty) const {
  const Json* value = Find(key, need);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    ExpectedType(key, "a string");
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (!allow_empty && text.empty()) {
    Fail(key, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<double> ObjectReader::Number(std::string_view key, Need need) const {
  const Json* value = Find(key, need);
  if (!value) return std::nullopt;
  if (!value->is_number()) {
    ExpectedType(key, "a number");
    return std::nullopt;
  }
  return value->get<double>();
}

std::optional<int64_t> AsInteger(const Json& value) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() &&
        value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return value.get<int64_t>();
  }
  if (value.is_number_float()) {
    double number = value.get<double>();
    // 2^63 bounds what int64 holds; a fractional part means it is not an integer.
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 9.2e18) {
      return static_cast<int64_t>(number);
    }
  }
  return std::nullopt;
}

std::optional<int64_t> ObjectReader::Integer(std::string_view key, Need need, int64_t min,
                                             int64_t max) const {
  const Json* value = Find(key, need);
  if (!value) return std::nullopt;
  std::optional<int64_t> number = AsInteger(*value);
  if (!number) {
    ExpectedType(key, "an integer");
    return std::nullopt;
  }
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

std::optional<bool> ObjectReader::Bool(std::string_view key, Need need) const {
  const Json* value = Find(key, need);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) {
    ExpectedType(key, "a boolean");
    return std::nullopt;
  }
  return value->get<bool>();
}

const Json* ObjectReader::Object(std::string_view key, Need need) const {
  const Json* value = Find(key, need);
  if (value && !value->is_object()) {
    ExpectedType(key, "an object");
    return nullptr;
  }
  return value;
}

const Json* ObjectReader::Array(std::string_view key, Need need) const {
  const Json* value = Find(key, need);
  if (value && !value->is_array()) {
    ExpectedType(key, "an array");
    return nullptr;
  }
  return value;
}

void ObjectReader::RejectUnknownKeys(const std::vector<std::string_view>& allowed) const {
  for (const auto& item : object_.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      Fail(item.key(), "unknown key");
    }
  }
}

std::optional<std::vector<std::string>> StringOrStrings(const Json& value, const std::string& path,
                                                        std::vector<Error>& errors) {
  if (value.is_string()) return std::vector<std::string>{value.get<std::string>()};
  if (value.is_array()) {
    std::vector<std::string> strings;
    bool ok = true;
    for (size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        errors.push_back({JoinIndex(path, i), "expected a string"});
        ok = false;
      } else {
        strings.push_back(value[i].get<std::string>());
      }
    }
    if (ok) return strings;
    return std::nullopt;
  }
  errors.push_back({path, "expected a string or an array of strings"});
  return std::nullopt;
}

}  // namespace leadscore::detail

#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_path.h"

namespace leadscore::detail {

enum class Need { kOptional, kRequired };

/// Reads typed keys of one JSON object, recording every problem with its JSON path instead of
/// stopping at the first: users fix a config in one pass.
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string path, std::vector<Error>& errors)
      : object_(object), path_(std::move(path)), errors_(errors) {}

  bool Has(std::string_view key) const;
  std::string PathOf(std::string_view key) const { return JoinKey(path_, key); }
  const std::string& path() const { return path_; }
  void Fail(std::string_view key, std::string message) const;

  std::optional<std::string> String(std::string_view key, Need need, bool allow_empty = false) const;
  std::optional<double> Number(std::string_view key, Need need) const;
  std::optional<int64_t> Integer(std::string_view key, Need need,
                                 int64_t min = std::numeric_limits<int64_t>::min(),
                                 int64_t max = std::numeric_limits<int64_t>::max()) const;
  std::optional<bool> Bool(std::string_view key, Need need) const;
  const Json* Object(std::string_view key, Need need) const;
  const Json* Array(std::string_view key, Need need) const;

  /// Reports each key not in `allowed` as `unknown key` (typos must not silently score nothing).
  void RejectUnknownKeys(const std::vector<std::string_view>& allowed) const;

 private:
  const Json* Find(std::string_view key, Need need) const;
  void ExpectedType(std::string_view key, std::string_view expected) const;

  const Json& object_;
  std::string path_;
  std::vector<Error>& errors_;
};

/// An integral JSON number (5000 or 5000.0) as int64; nullopt for anything else.
std::optional<int64_t> AsInteger(const Json& value);

/// Reads a string or an array of strings at `path`; reports `expected a string or an array of strings`.
std::optional<std::vector<std::string>> StringOrStrings(const Json& value, const std::string& path,
                                                        std::vector<Error>& errors);

}  // namespace leadscore::detail

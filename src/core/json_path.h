#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "leadscore/result.h"

namespace leadscore::detail {

using Json = nlohmann::json;

/// `$.a` + `b` → `$.a.b`; keys that are not plain identifiers are quoted: `$.a["x y"]`.
std::string JoinKey(const std::string& path, std::string_view key);

/// `$.a` + 2 → `$.a[2]`.
std::string JoinIndex(const std::string& path, size_t index);

/// Parses JSON without exceptions. On failure, returns an error whose message names the line and
/// column, as nlohmann reports them.
Result<Json> ParseJson(std::string_view text);

}  // namespace leadscore::detail

#pragma once

#include <string>
#include <string_view>

namespace leadscore::detail {

/// `$.a` + `b` → `$.a.b`; keys that are not plain identifiers are quoted: `$.a["x y"]`.
std::string JoinKey(const std::string& path, std::string_view key);

/// `$.a` + 2 → `$.a[2]`.
std::string JoinIndex(const std::string& path, size_t index);

}  // namespace leadscore::detail

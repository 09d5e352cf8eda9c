#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace leadscore::server {

/// Compact JSON text. Bytes that are not UTF-8 (a message, field or request path may quote what a
/// client sent) are replaced rather than thrown on.
inline std::string JsonText(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// The same, keeping the members in the order they were added (log lines).
inline std::string JsonText(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace leadscore::server

#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "http_types.h"

namespace leadscore::server {

/// Compact JSON text. Bytes that are not UTF-8 (a message or field may quote what a client sent)
/// are replaced rather than thrown on.
std::string JsonText(const nlohmann::json& value);

/// Answers `status` with `body` as application/json.
void SendJson(Response& response, int status, const nlohmann::json& body);

/// Answers an error the way every collector route does (docs/collector.md):
/// `{"error": CODE, "message": MESSAGE}` with `extra`'s members after them (a bad query's `path`).
void SendError(Response& response, int status, const std::string& code, const std::string& message,
               const nlohmann::json& extra = nlohmann::json::object());

}  // namespace leadscore::server

#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "http_types.h"
#include "json_text.h"

namespace leadscore::server {

/// Answers `status` with `body` as application/json.
void SendJson(Response& response, int status, const nlohmann::json& body);

/// Answers an error the way every collector route does (docs/collector.md):
/// `{"error": CODE, "message": MESSAGE}` with `extra`'s members after them (a bad query's `path`).
void SendError(Response& response, int status, const std::string& code, const std::string& message,
               const nlohmann::json& extra = nlohmann::json::object());

}  // namespace leadscore::server

#pragma once

#include <string>
#include <vector>

#include "http_types.h"

namespace leadscore::server {

/// Answers CORS for the lead endpoint: echoes the request's Origin in Access-Control-Allow-Origin
/// when the config's allow-list holds it (or `*`), and always sends `Vary: Origin` so a cache
/// never hands one origin's answer to another. Returns whether the origin was allowed.
bool ApplyCors(const std::vector<std::string>& allowed_origins, const Request& request,
               Response& response);

/// Adds what a preflight (OPTIONS) answer needs beyond ApplyCors.
void ApplyPreflight(Response& response);

}  // namespace leadscore::server

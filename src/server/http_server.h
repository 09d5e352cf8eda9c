#pragma once

#include <httplib.h>

#include <optional>

#include "leadscore/result.h"
#include "route_context.h"

namespace leadscore::server {

/// Sets up the collector on `server`: its routes, static mounts, body limit, worker threads,
/// JSON error bodies and the access log. Errors come from the static mounts.
std::optional<Error> ConfigureServer(httplib::Server& server, const RouteContext& context);

}  // namespace leadscore::server

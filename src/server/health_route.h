#pragma once

#include <httplib.h>

#include "route_context.h"

namespace leadscore::server {

/// GET /healthz: 200 while the store answers, 503 when it does not; for load balancers.
void AddHealthRoute(httplib::Server& server, const RouteContext& context);

}  // namespace leadscore::server

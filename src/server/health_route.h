#pragma once

#include "route_context.h"
#include "router.h"

namespace leadscore::server {

/// GET /healthz: 200 while the store answers, 503 when it does not; for load balancers.
void AddHealthRoute(Router& server, const RouteContext& context);

}  // namespace leadscore::server

#pragma once

#include "http_types.h"
#include "route_context.h"
#include "router.h"

namespace leadscore::server {

/// Every route of the collector: the lead endpoints, the admin API and /healthz.
void AddCollectorRoutes(Router& router, const RouteContext& context);

/// The last touch on every answer, the HTTP server's own errors included: a JSON error body
/// naming the status, and CORS on the lead endpoints so a browser can read even a 413.
void FinishAnswer(const RouteContext& context, const Request& request, Response& response);

}  // namespace leadscore::server

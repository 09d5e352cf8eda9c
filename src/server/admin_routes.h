#pragma once

#include "route_context.h"
#include "router.h"

namespace leadscore::server {

/// Whether the request carries the admin Bearer token; answers 401 itself when not.
bool AuthorizeAdmin(const RouteContext& context, const Request& request, Response& response);

/// GET /leads (JSON, paged) and GET /leads.csv for sales, behind the admin Bearer token.
void AddAdminRoutes(Router& server, const RouteContext& context);

}  // namespace leadscore::server

#pragma once

#include <httplib.h>

#include "route_context.h"

namespace leadscore::server {

/// Whether the request carries the admin Bearer token; answers 401 itself when not.
bool AuthorizeAdmin(const RouteContext& context, const httplib::Request& request, httplib::Response& response);

/// GET /leads (JSON, paged) and GET /leads.csv for sales, behind the admin Bearer token.
void AddAdminRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace leadscore::server

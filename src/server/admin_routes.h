#pragma once

#include <httplib.h>

#include "route_context.h"

namespace leadscore::server {

/// GET /leads (JSON, paged) and GET /leads.csv for sales, behind the admin Bearer token.
void AddAdminRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace leadscore::server

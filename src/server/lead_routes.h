#pragma once

#include <httplib.h>

#include "route_context.h"

namespace leadscore::server {

/// POST and OPTIONS for `/leads` (and for the config's `submit.endpoint` when it names another path).
void AddLeadRoutes(httplib::Server& server, const RouteContext& context);

}  // namespace leadscore::server

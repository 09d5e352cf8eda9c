#pragma once

#include "route_context.h"
#include "router.h"

namespace leadscore::server {

/// POST and OPTIONS for `/leads` (and for the config's `submit.endpoint` when it names another path).
void AddLeadRoutes(Router& server, const RouteContext& context);

}  // namespace leadscore::server

#pragma once

#include <string>
#include <vector>

#include "lead_store.h"
#include "route_context.h"
#include "router.h"

namespace leadscore::server {

/// A lead's deliveries as GET /leads lists them: a JSON array of
/// `{destination, state, attempts, lastStatus, lastError, nextAttemptAt, deliveredAt}`.
std::string DeliveriesJson(const std::vector<DeliveryStatus>& deliveries);

/// Each listed lead (a JSON object) with its `deliveries` added, in the order of `leads`.
std::vector<std::string> WithDeliveries(const std::vector<LeadRecord>& leads, std::vector<std::string> lead_json,
                                        const std::vector<DeliveryStatus>& deliveries);

/// POST /leads/{id}/deliveries/{destination}/retry: makes a failed delivery pending again (its
/// attempts start over). Answers 202, 404 when there is no failed delivery to re-queue.
/// `authorized` checks the admin token and answers 401 itself.
void AddDeliveryRoutes(Router& server, const RouteContext& context,
                       bool (*authorized)(const RouteContext&, const Request&, Response&));

}  // namespace leadscore::server

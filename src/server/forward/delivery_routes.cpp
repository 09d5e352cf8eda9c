#include "delivery_routes.h"

#include <nlohmann/json.hpp>

#include "access_log.h"
#include "json_answer.h"
#include "wall_clock.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

Json OrNull(int64_t value) { return value ? Json(value) : Json(nullptr); }

}  // namespace

std::string DeliveriesJson(const std::vector<DeliveryStatus>& deliveries) {
  Json list = Json::array();
  for (const DeliveryStatus& delivery : deliveries) {
    list.push_back({{"destination", delivery.destination},
                    {"state", delivery.state},
                    {"attempts", delivery.attempts},
                    {"lastStatus", OrNull(delivery.last_status)},
                    {"lastError", delivery.state == "delivered" || delivery.last_error.empty() ? Json(nullptr)
                                                                                                : Json(delivery.last_error)},
                    {"nextAttemptAt", delivery.state == "pending" ? Json(delivery.next_attempt_at) : Json(nullptr)},
                    {"deliveredAt", OrNull(delivery.delivered_at)}});
  }
  return JsonText(list);
}

std::vector<std::string> WithDeliveries(const std::vector<LeadRecord>& leads, std::vector<std::string> lead_json,
                                        const std::vector<DeliveryStatus>& deliveries) {
  for (size_t n = 0; n < leads.size(); ++n) {
    std::vector<DeliveryStatus> own;
    for (const DeliveryStatus& delivery : deliveries) {
      if (delivery.lead_id == leads[n].id) own.push_back(delivery);
    }
    std::string& text = lead_json[n];
    text.pop_back();  // the object's closing brace
    text += ",\"deliveries\":" + DeliveriesJson(own) + "}";
  }
  return lead_json;
}

void AddDeliveryRoutes(Router& server, const RouteContext& context,
                       bool (*authorized)(const RouteContext&, const Request&, Response&)) {
  server.Post(R"(/leads/([^/]+)/deliveries/([^/]+)/retry)",
              [&context, authorized](const Request& request, Response& response) {
    if (!authorized(context, request, response)) return;
    std::string lead_id = request.matches[1], destination = request.matches[2];
    auto requeued = context.store.RequeueDelivery(lead_id, destination, NowMs());
    if (!requeued.ok()) {
      WriteEventLog("error", "re-queuing a delivery failed: " + requeued.errors().front().ToString());
      return SendError(response, 503, "storage_unavailable", "the lead store did not answer; retry later");
    }
    if (!requeued.value()) {
      return SendError(response, 404, "not_found", "lead " + lead_id + " has no failed delivery to " + destination);
    }
    SendJson(response, 202, {{"id", lead_id}, {"destination", destination}, {"state", "pending"}});
  });
}

}  // namespace leadscore::server

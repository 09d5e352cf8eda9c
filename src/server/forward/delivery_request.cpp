#include "delivery_request.h"

#include "json_answer.h"

namespace leadscore::server {

OutboundRequest JsonRequest(const std::string& url, const nlohmann::json& body) {
  OutboundRequest request;
  request.url = url;
  request.headers = {{"Content-Type", "application/json"}};
  request.body = JsonText(body);
  return request;
}

OutboundRequest DeliveryRequest(const Destination& destination, const LeadRecord& lead, int64_t unix_seconds) {
  switch (destination.type) {
    case DestinationType::kWebhook: return WebhookRequest(destination, lead, unix_seconds);
    case DestinationType::kHubspot: return HubspotRequest(destination, lead);
    case DestinationType::kSalesforce: return SalesforceRequest(destination, lead);
    case DestinationType::kSlack: return SlackRequest(destination, lead);
  }
  return WebhookRequest(destination, lead, unix_seconds);
}

}  // namespace leadscore::server

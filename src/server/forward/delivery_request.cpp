#include "delivery_request.h"

namespace leadscore::server {

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

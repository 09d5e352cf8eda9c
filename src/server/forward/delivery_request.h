#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "forward_config.h"
#include "lead_store.h"

namespace leadscore::server {

/// One HTTP POST to a destination.
struct OutboundRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type first
  std::string body;
};

/// A JSON POST of `body` to `url`.
OutboundRequest JsonRequest(const std::string& url, const nlohmann::json& body);

/// The webhook request: the lead exactly as GET /leads lists it, with `Idempotency-Key` and a
/// `Leadscore-Signature` made at `unix_seconds`.
OutboundRequest WebhookRequest(const Destination& destination, const LeadRecord& lead, int64_t unix_seconds);

/// The HubSpot Forms API v3 submission.
OutboundRequest HubspotRequest(const Destination& destination, const LeadRecord& lead);

/// The Salesforce Web-to-Lead form post.
OutboundRequest SalesforceRequest(const Destination& destination, const LeadRecord& lead);

/// The Slack incoming-webhook message.
OutboundRequest SlackRequest(const Destination& destination, const LeadRecord& lead);

/// The request of the destination's type; `unix_seconds` is now, for signatures.
OutboundRequest DeliveryRequest(const Destination& destination, const LeadRecord& lead, int64_t unix_seconds);

}  // namespace leadscore::server

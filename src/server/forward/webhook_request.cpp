#include "delivery_request.h"
#include "lead_json.h"
#include "webhook_signature.h"

namespace leadscore::server {

OutboundRequest WebhookRequest(const Destination& destination, const LeadRecord& lead, int64_t unix_seconds) {
  OutboundRequest request;
  request.url = destination.url;
  request.body = LeadJson(lead);
  request.headers = {{"Content-Type", "application/json"},
                     // The submission's id: every retry carries the same, so a receiver stores it once.
                     {"Idempotency-Key", lead.id},
                     {"Leadscore-Signature", WebhookSignature(destination.secret, unix_seconds, request.body)}};
  return request;
}

}  // namespace leadscore::server

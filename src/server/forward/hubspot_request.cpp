#include "delivery_request.h"
#include "lead_summary.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

// HubSpot's object type id of a contact: every mapped field is a contact property.
constexpr const char* kContactObject = "0-1";

}  // namespace

OutboundRequest HubspotRequest(const Destination& destination, const LeadRecord& lead) {
  LeadSummary summary = SummarizeLead(lead);
  Json fields = Json::array();
  for (const auto& [source, property] : destination.field_map) {
    if (auto value = MappedValue(summary, source)) {
      fields.push_back({{"objectTypeId", kContactObject}, {"name", property}, {"value", *value}});
    }
  }
  std::string path = summary.form_page_path.empty() ? "/" : summary.form_page_path;
  Json body = {{"submittedAt", std::to_string(lead.submitted_at)},
               {"fields", std::move(fields)},
               {"context", {{"pageUri", "https://" + lead.site + path},
                            {"pageName", summary.form_page_title.empty() ? path : summary.form_page_title}}}};
  // Only a visitor who agreed is reported as consenting; no answer sends no consent block.
  if (summary.consent.value_or(false)) {
    body["legalConsentOptions"] = {{"consent", {{"consentToProcess", true}, {"text", destination.consent_text}}}};
  }
  return JsonRequest(destination.url, body);
}

}  // namespace leadscore::server

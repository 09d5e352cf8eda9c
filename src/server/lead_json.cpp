#include "lead_json.h"

#include <nlohmann/json.hpp>

#include "json_answer.h"

namespace leadscore::server {

using Json = nlohmann::json;

Json LeadFieldsObject(const std::string& lead_fields) {
  Json fields = Json::parse(lead_fields, nullptr, /*allow_exceptions=*/false);
  return fields.is_object() ? fields : Json::object();
}

// The stored payload is spliced in as it was received (it was verified as JSON before storing),
// so listing does not parse and re-print every payload.
std::string LeadJson(const LeadRecord& row) {
  Json lead = {{"id", row.id},         {"receivedAt", row.received_at}, {"submittedAt", row.submitted_at},
               {"site", row.site},     {"revision", row.revision},      {"email", row.email},
               {"stage", row.stage},   {"grade", row.grade},            {"total", row.total},
               {"engagement", row.engagement}, {"fit", row.fit},        {"lead", LeadFieldsObject(row.lead_fields)}};
  std::string text = JsonText(lead);
  text.pop_back();
  return text + ",\"payload\":" + (row.payload.empty() ? "null" : row.payload) + "}";
}

}  // namespace leadscore::server

#include "lead_json.h"

#include <nlohmann/json.hpp>
#include <variant>

#include "json_answer.h"
#include "lead_columns.h"

namespace leadscore::server {

using Json = nlohmann::json;

Json LeadFieldsObject(const std::string& lead_fields) {
  Json fields = Json::parse(lead_fields, nullptr, /*allow_exceptions=*/false);
  return fields.is_object() ? fields : Json::object();
}

// The stored payload is the collector's own serialization of what it verified, so it is spliced
// in as it is: listing does not parse and re-print every payload.
std::string LeadJson(const LeadRecord& row) {
  Json lead = Json::object();
  for (const LeadColumn& column : kLeadColumns) {
    if (!column.json_key || IsPayloadColumn(column)) continue;
    std::visit([&](auto member) { lead[column.json_key] = row.*member; }, column.member);
  }
  lead["lead"] = LeadFieldsObject(row.lead_fields);  // a JSON object in its column
  std::string text = JsonText(lead);
  text.pop_back();
  return text + ",\"payload\":" + (row.payload.empty() ? "null" : row.payload) + "}";
}

std::string SubmissionsJson(const std::vector<LeadRecord>& submissions) {
  Json list = Json::array();
  for (const LeadRecord& row : submissions) {
    list.push_back({{"id", row.id},
                    {"receivedAt", row.received_at},
                    {"submittedAt", row.submitted_at},
                    {"revision", row.revision},
                    {"stage", row.stage},
                    {"grade", row.grade},
                    {"total", row.total},
                    {"engagement", row.engagement},
                    {"fit", row.fit}});
  }
  return JsonText(list);
}

}  // namespace leadscore::server

#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lead_store.h"

namespace leadscore::server {

/// The stored form fields as an object (an empty one if they are not an object).
nlohmann::json LeadFieldsObject(const std::string& lead_fields);

/// One stored lead as GET /leads lists it (and as a webhook receives it): a JSON object.
std::string LeadJson(const LeadRecord& row);

/// A person's submissions as GET /leads lists them beside their newest: a JSON array of each one's
/// id, times, revision and score, in the order given.
std::string SubmissionsJson(const std::vector<LeadRecord>& submissions);

}  // namespace leadscore::server

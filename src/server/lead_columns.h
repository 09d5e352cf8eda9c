#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "lead_store.h"

namespace leadscore::server {

/// One column of a stored lead: its name in both stores' `leads` table and in the CSV export, its
/// key in GET /leads (none: not listed), and the LeadRecord member it holds.
struct LeadColumn {
  const char* name;
  const char* json_key;
  std::variant<std::string LeadRecord::*, int64_t LeadRecord::*, double LeadRecord::*> member;
};

/// Every column of a stored lead, in table order: the one list the SQLite and PostgreSQL stores,
/// the admin routes and the CSV export follow. The schema migrations create them (the tables of a
/// released version never change; a new column is a new migration and a new entry here).
inline const LeadColumn kLeadColumns[] = {
    {"id", "id", &LeadRecord::id},
    {"received_at", "receivedAt", &LeadRecord::received_at},
    {"submitted_at", "submittedAt", &LeadRecord::submitted_at},
    {"site", "site", &LeadRecord::site},
    {"revision", "revision", &LeadRecord::revision},
    {"email", "email", &LeadRecord::email},
    {"stage", "stage", &LeadRecord::stage},
    {"grade", "grade", &LeadRecord::grade},
    {"total", "total", &LeadRecord::total},
    {"engagement", "engagement", &LeadRecord::engagement},
    {"fit", "fit", &LeadRecord::fit},
    {"lead_fields", "lead", &LeadRecord::lead_fields},
    {"payload", "payload", &LeadRecord::payload},
    {"person", nullptr, &LeadRecord::person},  // not listed: the e-mail says it
};

inline constexpr size_t kLeadColumnCount = sizeof kLeadColumns / sizeof kLeadColumns[0];

/// The payload column: large, so a listing may leave it out (an empty text in its place).
inline bool IsPayloadColumn(const LeadColumn& column) { return std::string_view(column.name) == "payload"; }

/// `id, received_at, …` — every column, for INSERT and SELECT; without the payload, `''` stands
/// in its place so that the column positions stay the same.
std::string LeadColumnList(bool with_payload = true);

/// The person a lead belongs to: its e-mail trimmed and lower-cased (one site per store row).
std::string PersonOf(const std::string& email);

}  // namespace leadscore::server

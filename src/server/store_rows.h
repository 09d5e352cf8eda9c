#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "lead_columns.h"
#include "lead_store.h"

// What the SQLite and PostgreSQL stores share about their rows. A selected row becomes a lead or
// a delivery's status through the store's column accessor, a small type with
//   void Read(int column, std::string& out) const;
//   void Read(int column, int64_t& out) const;
//   void Read(int column, double& out) const;  (lead rows only)
namespace leadscore::server {

/// One column of the deliveries table that a delivery's status is read from.
struct DeliveryColumn {
  const char* name;
  std::variant<std::string DeliveryStatus::*, int64_t DeliveryStatus::*> member;
};

/// A delivery's status, column by column, in the order DeliveryColumnList selects them.
inline const DeliveryColumn kDeliveryColumns[] = {
    {"lead_id", &DeliveryStatus::lead_id},
    {"destination", &DeliveryStatus::destination},
    {"state", &DeliveryStatus::state},
    {"attempts", &DeliveryStatus::attempts},
    {"next_attempt_at", &DeliveryStatus::next_attempt_at},
    {"last_status", &DeliveryStatus::last_status},
    {"last_error", &DeliveryStatus::last_error},
    {"delivered_at", &DeliveryStatus::delivered_at},
};

/// `lead_id, destination, …` for SELECT and RETURNING; each name after `table.` when a table is
/// given (a statement that joins the deliveries with themselves).
std::string DeliveryColumnList(const std::string& table = "");

/// A record from a row that selected `columns` (a column table such as kLeadColumns) in order.
template <class Record, class Columns, class Row>
Record RecordFromRow(const Columns& columns, const Row& row) {
  Record record;
  int index = 0;
  for (const auto& column : columns) {
    std::visit([&](auto member) { row.Read(index, record.*member); }, column.member);
    ++index;
  }
  return record;
}

/// A lead from a row selected with LeadColumnList.
template <class Row>
LeadRecord LeadFromRow(const Row& row) {
  return RecordFromRow<LeadRecord>(kLeadColumns, row);
}

/// A delivery's status from a row selected with DeliveryColumnList.
template <class Row>
DeliveryStatus DeliveryFromRow(const Row& row) {
  return RecordFromRow<DeliveryStatus>(kDeliveryColumns, row);
}

/// A list as the JSON array text both stores bind as one parameter (read back with SQLite's
/// json_each and PostgreSQL's jsonb_array_elements_text).
std::string JsonArrayText(const std::vector<std::string>& values);

}  // namespace leadscore::server

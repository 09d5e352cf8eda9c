#include "postgres_deliveries.h"

#include <cstdlib>
#include <memory>

#include "json_text.h"
#include "postgres_row.h"
#include "postgres_session.h"
#include "store_rows.h"

namespace leadscore::server::postgres_deliveries {
namespace {

using postgres_session::Query;

std::vector<DeliveryStatus> ReadStatuses(const PGresult* result) {
  std::vector<DeliveryStatus> rows;
  for (int row = 0; row < PQntuples(result); ++row) rows.push_back(DeliveryFromRow(PostgresRow{result, row}));
  return rows;
}

}  // namespace

// Same columns and meaning as the SQLite table.
const char* const kMigrationV2 = R"sql(
CREATE TABLE deliveries (
  lead_id         TEXT NOT NULL REFERENCES leads (id),
  destination     TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_until     BIGINT NOT NULL DEFAULT 0,
  last_status     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  delivered_at    BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (lead_id, destination)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
INSERT INTO schema_migrations (version, applied_at)
  VALUES (2, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
)sql";

// Version 5: keyed by the lead's arrival first, as in the SQLite store: a key that starts with the
// lead id (a hash) puts each new row, and the page write that comes with it, at a random place.
const char* const kMigrationV5 = R"sql(
ALTER TABLE deliveries ADD COLUMN received_at BIGINT;
UPDATE deliveries SET received_at = leads.received_at FROM leads WHERE leads.id = deliveries.lead_id;
ALTER TABLE deliveries ALTER COLUMN received_at SET NOT NULL;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_pkey;
ALTER TABLE deliveries ADD PRIMARY KEY (received_at, lead_id, destination);
INSERT INTO schema_migrations (version, applied_at)
  VALUES (5, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
)sql";

std::string WithPendingDeliveries(const std::string& insert_leads_returning_id, int destinations_parameter) {
  std::string insert = insert_leads_returning_id;
  std::string returning = " RETURNING id";
  insert.replace(insert.rfind(returning), returning.size(), " RETURNING id, received_at");
  return "WITH inserted AS (" + insert +
         "), queued AS (INSERT INTO deliveries (received_at, lead_id, destination, state, next_attempt_at)"
         " SELECT inserted.received_at, inserted.id, destination, 'pending', inserted.received_at FROM inserted"
         " CROSS JOIN jsonb_array_elements_text($" +
         std::to_string(destinations_parameter) + "::jsonb) AS destination) SELECT id FROM inserted";
}

Result<std::optional<int64_t>> NextDue(PGconn* conn, const std::vector<std::string>& destinations) {
  auto result = Query(conn,
                      "SELECT MIN(GREATEST(next_attempt_at, lease_until)) FROM deliveries"
                      " WHERE state = 'pending' AND destination IN (SELECT jsonb_array_elements_text($1::jsonb))",
                      {JsonArrayText(destinations)}, "next delivery");
  if (!result.ok()) return result.errors();
  if (PQgetisnull(result.value().get(), 0, 0)) return std::optional<int64_t>();
  return std::optional<int64_t>(std::strtoll(PQgetvalue(result.value().get(), 0, 0), nullptr, 10));
}

Result<std::vector<DeliveryStatus>> Claim(PGconn* conn, const std::vector<std::string>& destinations, int64_t now,
                                          int64_t lease_until, size_t limit) {
  // SKIP LOCKED: rows another collector is claiming right now are passed over, not waited for;
  // the lease then keeps them from everyone until it ends or the outcome is recorded.
  std::string sql = std::string("UPDATE deliveries SET lease_until = $3 FROM (SELECT received_at, lead_id, destination") +
                    " FROM deliveries WHERE state = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1" +
                    " AND destination IN (SELECT jsonb_array_elements_text($2::jsonb))" +
                    " ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) due" +
                    " WHERE deliveries.received_at = due.received_at AND deliveries.lead_id = due.lead_id" +
                    " AND deliveries.destination = due.destination RETURNING " + DeliveryColumnList("deliveries");
  auto result = Query(conn, sql,
                      {std::to_string(now), JsonArrayText(destinations), std::to_string(lease_until),
                       std::to_string(limit)}, "claim");
  if (!result.ok()) return result.errors();
  return ReadStatuses(result.value().get());
}

Result<size_t> Record(PGconn* conn, const std::vector<DeliveryStatus>& statuses) {
  nlohmann::json rows = nlohmann::json::array();
  for (const DeliveryStatus& status : statuses) {
    rows.push_back({{"lead_id", status.lead_id},
                    {"destination", status.destination},
                    {"state", status.state},
                    {"attempts", status.attempts},
                    {"next_attempt_at", status.next_attempt_at},
                    {"last_status", status.last_status},
                    {"last_error", status.last_error},
                    {"delivered_at", status.delivered_at}});
  }
  auto result = Query(conn,
                      "UPDATE deliveries SET state = r.state, attempts = r.attempts, next_attempt_at = r.next_attempt_at,"
                      " lease_until = 0, last_status = r.last_status, last_error = r.last_error,"
                      " delivered_at = r.delivered_at"
                      " FROM jsonb_to_recordset($1::jsonb) AS r (lead_id TEXT, destination TEXT, state TEXT,"
                      " attempts INTEGER, next_attempt_at BIGINT, last_status INTEGER, last_error TEXT, delivered_at BIGINT)"
                      " JOIN leads ON leads.id = r.lead_id"
                      " WHERE deliveries.received_at = leads.received_at AND deliveries.lead_id = r.lead_id"
                      " AND deliveries.destination = r.destination",
                      {JsonText(rows)}, "record deliveries");
  if (!result.ok()) return result.errors();
  return static_cast<size_t>(std::strtoull(PQcmdTuples(result.value().get()), nullptr, 10));
}

Result<std::vector<DeliveryStatus>> Of(PGconn* conn, const std::vector<std::string>& lead_ids) {
  auto result = Query(conn,
                      "SELECT " + DeliveryColumnList() +
                          " FROM deliveries WHERE (received_at, lead_id) IN (SELECT received_at, id FROM leads"
                          " WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)))"
                          " ORDER BY lead_id, destination",
                      {JsonArrayText(lead_ids)}, "list deliveries");
  if (!result.ok()) return result.errors();
  return ReadStatuses(result.value().get());
}

Result<bool> Requeue(PGconn* conn, const std::string& lead_id, const std::string& destination, int64_t now) {
  auto result = Query(conn,
                      "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1, lease_until = 0"
                      " WHERE received_at = (SELECT received_at FROM leads WHERE id = $2) AND lead_id = $2"
                      " AND destination = $3 AND state = 'failed'",
                      {std::to_string(now), lead_id, destination}, "requeue delivery");
  if (!result.ok()) return result.errors();
  return std::string(PQcmdTuples(result.value().get())) == "1";
}

}  // namespace leadscore::server::postgres_deliveries

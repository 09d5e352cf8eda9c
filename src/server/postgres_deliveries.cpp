#include "postgres_deliveries.h"

#include <cstdlib>
#include <memory>

#include "postgres_row.h"
#include "postgres_session.h"
#include "store_rows.h"

namespace leadscore::server::postgres_deliveries {
namespace {

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using QueryResult = std::unique_ptr<PGresult, ResultClearer>;

Error Failure(PGconn* conn, const std::string& what) {
  std::string message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return Error{"postgres", what + ": " + message};
}

// Runs one statement with text parameters; null result with `error` set when it failed.
QueryResult Query(PGconn* conn, const std::string& sql, const std::vector<std::string>& parameters) {
  std::vector<const char*> values;
  for (const std::string& parameter : parameters) values.push_back(parameter.c_str());
  bool timed_out = false;
  QueryResult result(postgres_session::Run(conn, sql.c_str(), static_cast<int>(values.size()), values.data(), timed_out));
  ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    // A dropped or cut connection is reopened for the next call; this one reports the failure.
    postgres_session::Reopen(conn);
    return nullptr;
  }
  return result;
}

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

std::string WithPendingDeliveries(const std::string& insert_leads_returning_id, int destinations_parameter) {
  std::string insert = insert_leads_returning_id;
  std::string returning = " RETURNING id";
  insert.replace(insert.rfind(returning), returning.size(), " RETURNING id, received_at");
  return "WITH inserted AS (" + insert +
         "), queued AS (INSERT INTO deliveries (lead_id, destination, state, next_attempt_at)"
         " SELECT inserted.id, destination, 'pending', inserted.received_at FROM inserted"
         " CROSS JOIN jsonb_array_elements_text($" +
         std::to_string(destinations_parameter) + "::jsonb) AS destination) SELECT id FROM inserted";
}

Result<std::optional<int64_t>> NextDue(PGconn* conn, const std::vector<std::string>& destinations) {
  QueryResult result = Query(conn,
                             "SELECT MIN(GREATEST(next_attempt_at, lease_until)) FROM deliveries"
                             " WHERE state = 'pending' AND destination IN (SELECT jsonb_array_elements_text($1::jsonb))",
                             {JsonArrayText(destinations)});
  if (!result) return std::vector<Error>{Failure(conn, "next delivery")};
  if (PQgetisnull(result.get(), 0, 0)) return std::optional<int64_t>();
  return std::optional<int64_t>(std::strtoll(PQgetvalue(result.get(), 0, 0), nullptr, 10));
}

Result<std::vector<DeliveryStatus>> Claim(PGconn* conn, const std::vector<std::string>& destinations, int64_t now,
                                          int64_t lease_until, size_t limit) {
  // SKIP LOCKED: rows another collector is claiming right now are passed over, not waited for;
  // the lease then keeps them from everyone until it ends or the outcome is recorded.
  std::string sql = std::string("UPDATE deliveries SET lease_until = $3 FROM (SELECT lead_id, destination FROM deliveries") +
                    " WHERE state = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1" +
                    " AND destination IN (SELECT jsonb_array_elements_text($2::jsonb))" +
                    " ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) due" +
                    " WHERE deliveries.lead_id = due.lead_id AND deliveries.destination = due.destination RETURNING " +
                    DeliveryColumnList("deliveries");
  QueryResult result = Query(conn, sql,
                             {std::to_string(now), JsonArrayText(destinations), std::to_string(lease_until),
                              std::to_string(limit)});
  if (!result) return std::vector<Error>{Failure(conn, "claim")};
  return ReadStatuses(result.get());
}

Result<bool> Record(PGconn* conn, const DeliveryStatus& status) {
  QueryResult result = Query(conn,
                             "UPDATE deliveries SET state = $1, attempts = $2, next_attempt_at = $3, lease_until = 0,"
                             " last_status = $4, last_error = $5, delivered_at = $6"
                             " WHERE lead_id = $7 AND destination = $8",
                             {status.state, std::to_string(status.attempts), std::to_string(status.next_attempt_at),
                              std::to_string(status.last_status), status.last_error,
                              std::to_string(status.delivered_at), status.lead_id, status.destination});
  if (!result) return std::vector<Error>{Failure(conn, "record delivery")};
  return std::string(PQcmdTuples(result.get())) == "1";
}

Result<std::vector<DeliveryStatus>> Of(PGconn* conn, const std::vector<std::string>& lead_ids) {
  QueryResult result = Query(conn,
                             "SELECT " + DeliveryColumnList() +
                                 " FROM deliveries WHERE lead_id IN (SELECT jsonb_array_elements_text($1::jsonb))"
                                 " ORDER BY lead_id, destination",
                             {JsonArrayText(lead_ids)});
  if (!result) return std::vector<Error>{Failure(conn, "list deliveries")};
  return ReadStatuses(result.get());
}

Result<bool> Requeue(PGconn* conn, const std::string& lead_id, const std::string& destination, int64_t now) {
  QueryResult result = Query(conn,
                             "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $1, lease_until = 0"
                             " WHERE lead_id = $2 AND destination = $3 AND state = 'failed'",
                             {std::to_string(now), lead_id, destination});
  if (!result) return std::vector<Error>{Failure(conn, "requeue delivery")};
  return std::string(PQcmdTuples(result.get())) == "1";
}

}  // namespace leadscore::server::postgres_deliveries

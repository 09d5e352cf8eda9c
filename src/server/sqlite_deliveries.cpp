#include "sqlite_deliveries.h"

#include <memory>

#include "sqlite_statement.h"
#include "store_rows.h"

namespace leadscore::server::sqlite_deliveries {
namespace {

Statement Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  return Statement(stmt);
}

void BindText(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

bool Run(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

}  // namespace

// `lease_until` keeps a claimed delivery from other senders while one works on it; a sender that
// dies lets its lease run out and the delivery is taken again.
const char* const kMigrationV2 = R"sql(
CREATE TABLE deliveries (
  lead_id         TEXT NOT NULL REFERENCES leads (id),
  destination     TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  last_status     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  delivered_at    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (lead_id, destination)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
)sql";

// Version 5: the deliveries keyed by their lead's arrival first. The lead id is a hash, so a key
// that starts with it puts each new row on a page of its own, one more page every lead's commit
// writes; keyed by arrival, the rows of a batch of leads share the last pages. Lookups by lead
// find its arrival in the leads table first.
const char* const kMigrationV5 = R"sql(
CREATE TABLE deliveries_by_arrival (
  received_at     INTEGER NOT NULL,
  lead_id         TEXT NOT NULL REFERENCES leads (id),
  destination     TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until     INTEGER NOT NULL DEFAULT 0,
  last_status     INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT '',
  delivered_at    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (received_at, lead_id, destination)
) WITHOUT ROWID;
INSERT INTO deliveries_by_arrival
  SELECT leads.received_at, deliveries.lead_id, deliveries.destination, deliveries.state, deliveries.attempts,
         deliveries.next_attempt_at, deliveries.lease_until, deliveries.last_status, deliveries.last_error,
         deliveries.delivered_at
  FROM deliveries JOIN leads ON leads.id = deliveries.lead_id;
DROP TABLE deliveries;
ALTER TABLE deliveries_by_arrival RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
)sql";

Statement PrepareInsertPending(sqlite3* db) {
  return Prepare(db,
                 "INSERT INTO deliveries (received_at, lead_id, destination, state, next_attempt_at)"
                 " VALUES (?1, ?2, ?3, 'pending', ?1) ON CONFLICT DO NOTHING");
}

std::optional<Error> InsertPending(sqlite3* db, sqlite3_stmt* insert, const std::string& lead_id, int64_t received_at,
                                   const std::vector<std::string>& destinations) {
  for (const std::string& destination : destinations) {
    sqlite3_bind_int64(insert, 1, received_at);
    BindText(insert, 2, lead_id);
    BindText(insert, 3, destination);
    bool inserted = sqlite3_step(insert) == SQLITE_DONE;
    sqlite3_reset(insert);
    if (!inserted) return SqliteError(db, "insert delivery");
  }
  return std::nullopt;
}

Result<std::optional<int64_t>> NextDue(sqlite3* db, const std::vector<std::string>& destinations) {
  Statement stmt = Prepare(db,
                           "SELECT MIN(MAX(next_attempt_at, lease_until)) FROM deliveries"
                           " WHERE state = 'pending' AND destination IN (SELECT value FROM json_each(?))");
  if (!stmt) return std::vector<Error>{SqliteError(db, "prepare")};
  BindText(stmt.get(), 1, JsonArrayText(destinations));
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return std::vector<Error>{SqliteError(db, "next delivery")};
  if (sqlite3_column_type(stmt.get(), 0) == SQLITE_NULL) return std::optional<int64_t>();
  return std::optional<int64_t>(sqlite3_column_int64(stmt.get(), 0));
}

Result<std::vector<DeliveryStatus>> Claim(sqlite3* db, const std::vector<std::string>& destinations, int64_t now,
                                          int64_t lease_until, size_t limit) {
  if (!Run(db, "BEGIN IMMEDIATE")) return std::vector<Error>{SqliteError(db, "claim")};
  std::string sql = std::string("UPDATE deliveries SET lease_until = ?") +
                    " WHERE (received_at, lead_id, destination) IN (SELECT received_at, lead_id, destination FROM deliveries" +
                    " WHERE state = 'pending' AND next_attempt_at <= ? AND lease_until <= ?" +
                    " AND destination IN (SELECT value FROM json_each(?)) ORDER BY next_attempt_at LIMIT ?)" +
                    " RETURNING " + DeliveryColumnList();
  Statement stmt = Prepare(db, sql.c_str());
  std::vector<DeliveryStatus> claimed;
  bool ok = stmt != nullptr;
  if (ok) {
    sqlite3_bind_int64(stmt.get(), 1, lease_until);
    sqlite3_bind_int64(stmt.get(), 2, now);
    sqlite3_bind_int64(stmt.get(), 3, now);
    BindText(stmt.get(), 4, JsonArrayText(destinations));
    sqlite3_bind_int64(stmt.get(), 5, static_cast<int64_t>(limit));
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) claimed.push_back(DeliveryFromRow(SqliteRow{stmt.get()}));
    ok = rc == SQLITE_DONE;
  }
  if (!ok) {
    Error error = SqliteError(db, "claim");
    stmt.reset();
    Run(db, "ROLLBACK");
    return std::vector<Error>{error};
  }
  stmt.reset();
  if (!Run(db, "COMMIT")) {
    Error error = SqliteError(db, "claim");
    Run(db, "ROLLBACK");
    return std::vector<Error>{error};
  }
  return claimed;
}

Result<size_t> Record(sqlite3* db, const std::vector<DeliveryStatus>& statuses) {
  if (!Run(db, "BEGIN IMMEDIATE")) return std::vector<Error>{SqliteError(db, "record deliveries")};
  Statement stmt = Prepare(db,
                           "UPDATE deliveries SET state = ?1, attempts = ?2, next_attempt_at = ?3, lease_until = 0,"
                           " last_status = ?4, last_error = ?5, delivered_at = ?6"
                           " WHERE received_at = (SELECT received_at FROM leads WHERE id = ?7) AND lead_id = ?7"
                           " AND destination = ?8");
  size_t changed = 0;
  bool ok = stmt != nullptr;
  for (size_t n = 0; ok && n < statuses.size(); ++n) {
    const DeliveryStatus& status = statuses[n];
    BindText(stmt.get(), 1, status.state);
    sqlite3_bind_int64(stmt.get(), 2, status.attempts);
    sqlite3_bind_int64(stmt.get(), 3, status.next_attempt_at);
    sqlite3_bind_int64(stmt.get(), 4, status.last_status);
    BindText(stmt.get(), 5, status.last_error);
    sqlite3_bind_int64(stmt.get(), 6, status.delivered_at);
    BindText(stmt.get(), 7, status.lead_id);
    BindText(stmt.get(), 8, status.destination);
    ok = sqlite3_step(stmt.get()) == SQLITE_DONE;
    changed += static_cast<size_t>(sqlite3_changes(db));
    sqlite3_reset(stmt.get());
  }
  if (!ok || !Run(db, "COMMIT")) {
    Error error = SqliteError(db, "record deliveries");
    stmt.reset();
    Run(db, "ROLLBACK");
    return std::vector<Error>{error};
  }
  return changed;
}

Result<std::vector<DeliveryStatus>> Of(sqlite3* db, const std::vector<std::string>& lead_ids) {
  std::string sql = "SELECT " + DeliveryColumnList() +
                    " FROM deliveries WHERE (received_at, lead_id) IN"
                    " (SELECT received_at, id FROM leads WHERE id IN (SELECT value FROM json_each(?)))"
                    " ORDER BY lead_id, destination";
  Statement stmt = Prepare(db, sql.c_str());
  if (!stmt) return std::vector<Error>{SqliteError(db, "prepare")};
  BindText(stmt.get(), 1, JsonArrayText(lead_ids));
  std::vector<DeliveryStatus> rows;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) rows.push_back(DeliveryFromRow(SqliteRow{stmt.get()}));
  if (rc != SQLITE_DONE) return std::vector<Error>{SqliteError(db, "list deliveries")};
  return rows;
}

Result<bool> Requeue(sqlite3* db, const std::string& lead_id, const std::string& destination, int64_t now) {
  Statement stmt = Prepare(db,
                           "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?1, lease_until = 0"
                           " WHERE received_at = (SELECT received_at FROM leads WHERE id = ?2) AND lead_id = ?2"
                           " AND destination = ?3 AND state = 'failed'");
  if (!stmt) return std::vector<Error>{SqliteError(db, "prepare")};
  sqlite3_bind_int64(stmt.get(), 1, now);
  BindText(stmt.get(), 2, lead_id);
  BindText(stmt.get(), 3, destination);
  if (sqlite3_step(stmt.get()) != SQLITE_DONE) return std::vector<Error>{SqliteError(db, "requeue delivery")};
  return sqlite3_changes(db) == 1;
}

}  // namespace leadscore::server::sqlite_deliveries

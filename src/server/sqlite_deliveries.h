#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lead_store.h"
#include "sqlite_statement.h"

// The deliveries table of the SQLite store: one row per (lead, destination), written in the lead's
// own transaction. The caller holds the connection's lock; claims and outcomes run in their own
// transactions.
namespace leadscore::server::sqlite_deliveries {

/// Schema version 2: the deliveries table and the index the sender's polling reads.
extern const char* const kMigrationV2;
/// Schema version 5: the deliveries keyed by their lead's arrival, so new rows share pages.
extern const char* const kMigrationV5;

/// The statement InsertPending runs, prepared once per connection (null on failure).
Statement PrepareInsertPending(sqlite3* db);

/// Adds a pending delivery of the lead to each destination, due at its arrival, inside the
/// caller's transaction, with `insert` from PrepareInsertPending.
std::optional<Error> InsertPending(sqlite3* db, sqlite3_stmt* insert, const std::string& lead_id, int64_t received_at,
                                   const std::vector<std::string>& destinations);

Result<std::optional<int64_t>> NextDue(sqlite3* db, const std::vector<std::string>& destinations);

/// Leases up to `limit` due deliveries in one IMMEDIATE transaction (other processes on the same
/// file wait for it), so two collectors never take the same one.
Result<std::vector<DeliveryStatus>> Claim(sqlite3* db, const std::vector<std::string>& destinations,
                                          int64_t now, int64_t lease_until, size_t limit);

/// Records the outcomes in one transaction, without an fsync of its own (see the store).
Result<size_t> Record(sqlite3* db, const std::vector<DeliveryStatus>& statuses);

Result<std::vector<DeliveryStatus>> Of(sqlite3* db, const std::vector<std::string>& lead_ids);

Result<bool> Requeue(sqlite3* db, const std::string& lead_id, const std::string& destination, int64_t now);

}  // namespace leadscore::server::sqlite_deliveries

#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lead_store.h"

// The deliveries table of the PostgreSQL store: one row per (lead, destination), written by the
// same statement that stores the lead. Claims use FOR UPDATE SKIP LOCKED and a lease, so several
// collectors on one database never send one delivery at the same time.
namespace leadscore::server::postgres_deliveries {

/// Schema version 2: the deliveries table and the index the senders' polling reads.
extern const char* const kMigrationV2;
/// Schema version 5: the deliveries keyed by their lead's arrival, so new rows share pages.
extern const char* const kMigrationV5;

/// Wraps the leads INSERT … RETURNING id statement so that it also queues a pending delivery of
/// each inserted lead to each destination (given as parameter `$destinations_parameter`, a JSON
/// array), in the same statement and so the same transaction.
std::string WithPendingDeliveries(const std::string& insert_leads_returning_id, int destinations_parameter);

Result<std::optional<int64_t>> NextDue(PGconn* conn, const std::vector<std::string>& destinations);

Result<std::vector<DeliveryStatus>> Claim(PGconn* conn, const std::vector<std::string>& destinations, int64_t now,
                                          int64_t lease_until, size_t limit);

/// Records the outcomes in one statement (one round trip, one transaction).
Result<size_t> Record(PGconn* conn, const std::vector<DeliveryStatus>& statuses);

Result<std::vector<DeliveryStatus>> Of(PGconn* conn, const std::vector<std::string>& lead_ids);

Result<bool> Requeue(PGconn* conn, const std::string& lead_id, const std::string& destination, int64_t now);

}  // namespace leadscore::server::postgres_deliveries

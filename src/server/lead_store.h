#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leadscore/result.h"

namespace leadscore::server {

/// One verified lead as the collector stores it.
struct LeadRecord {
  std::string id;            // the payload's idempotency key; one row per id
  int64_t received_at = 0;   // ms since epoch, when the collector accepted it
  int64_t submitted_at = 0;  // ms since epoch, as the browser stamped it
  std::string site;
  std::string revision;
  std::string email;
  std::string stage;
  std::string grade;
  double total = 0;
  double engagement = 0;
  double fit = 0;
  std::string lead_fields;  // JSON object of the form fields, for spreadsheets
  std::string payload;      // the whole payload JSON as received, for sales context
};

/// Which leads to list, newest first unless `ascending`.
struct LeadQuery {
  std::optional<std::string> stage;
  std::optional<int64_t> since;  // ms since epoch: received_at >= since
  int64_t limit = 50;
  int64_t offset = 0;
  std::optional<std::pair<int64_t, std::string>> after;  // cursor: (received_at, id) of the last row seen
  bool ascending = false;
  bool with_payload = true;
};

/// What one batch insert did to each record, in the order given.
enum class InsertOutcome { kInserted, kDuplicate };

/// Durable storage of verified leads. Implementations are safe to call from several threads.
class LeadStore {
 public:
  virtual ~LeadStore() = default;

  /// Stores the records in one durable transaction; a record whose id is already stored (or appears
  /// earlier in the batch) is left alone and reported kDuplicate. On error nothing is committed.
  virtual Result<std::vector<InsertOutcome>> InsertBatch(const std::vector<LeadRecord>& records) = 0;

  /// The leads matching the query, in (received_at, id) order.
  virtual Result<std::vector<LeadRecord>> List(const LeadQuery& query) = 0;

  /// Whether the database answers; used by /healthz.
  virtual bool Ping() = 0;

  /// `sqlite` or `postgres`, for /healthz and the startup line.
  virtual std::string Kind() const = 0;
};

/// The schema version this build writes; stores migrate older databases up to it on open.
inline constexpr int kSchemaVersion = 1;

}  // namespace leadscore::server

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
  std::string payload;      // the collector's own serialization of the verified payload
  std::string person;       // who it is from: the e-mail trimmed and lower-cased (PersonOf)
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
  // One row per person (site and e-mail): their newest submission; the filters apply to it.
  bool newest_per_person = false;
};

/// Who a lead is from: a site and a person (LeadRecord::person).
using PersonKey = std::pair<std::string, std::string>;

/// What one batch insert did to each record, in the order given.
enum class InsertOutcome { kInserted, kDuplicate };

/// Where one lead's delivery to one forwarding destination stands.
struct DeliveryStatus {
  std::string lead_id;
  std::string destination;
  std::string state;  // `pending`, `delivered` or `failed`
  int64_t attempts = 0;
  int64_t next_attempt_at = 0;   // ms since epoch; pending only
  int64_t last_status = 0;       // HTTP status of the last answer; 0 before any or on a network error
  std::string last_error;        // the last answer's start, or the network error
  int64_t delivered_at = 0;      // ms since epoch; 0 until delivered
};

/// A pending delivery taken by one sender until its lease ends, with the lead it carries.
struct ClaimedDelivery {
  DeliveryStatus status;
  LeadRecord lead;
};

/// Durable storage of verified leads. Implementations are safe to call from several threads.
class LeadStore {
 public:
  virtual ~LeadStore() = default;

  /// Stores the records in one durable transaction; a record whose id is already stored (or appears
  /// earlier in the batch) is left alone and reported kDuplicate. On error nothing is committed.
  virtual Result<std::vector<InsertOutcome>> InsertBatch(const std::vector<LeadRecord>& records) = 0;

  /// The leads matching the query, in (received_at, id) order.
  virtual Result<std::vector<LeadRecord>> List(const LeadQuery& query) = 0;

  /// Every submission of these people, without payloads, each person's newest first.
  virtual Result<std::vector<LeadRecord>> SubmissionsOf(const std::vector<PersonKey>& people) = 0;

  /// Every lead stored from now on gets a pending delivery to each of these destinations, written
  /// in the same transaction as the lead. Called once before intake starts.
  virtual void SetDeliveryDestinations(std::vector<std::string> destinations) = 0;

  /// The earliest time (ms since epoch) one of `destinations`' pending, unleased deliveries is due,
  /// or nullopt when none is pending. A read: it never blocks intake.
  virtual Result<std::optional<int64_t>> NextDeliveryDue(const std::vector<std::string>& destinations) = 0;

  /// Takes up to `limit` deliveries of `destinations` due at `now` and leases them until
  /// `lease_until`: no other caller (in this or another collector) gets them before then.
  virtual Result<std::vector<ClaimedDelivery>> ClaimDeliveries(const std::vector<std::string>& destinations,
                                                               int64_t now, int64_t lease_until, size_t limit) = 0;

  /// Stores the outcomes of attempts (state, attempts, next time, last answer) in one transaction
  /// and ends their leases; returns how many deliveries were still there to record.
  virtual Result<size_t> RecordDeliveries(const std::vector<DeliveryStatus>& statuses) = 0;

  /// The deliveries of these leads, in (lead, destination) order.
  virtual Result<std::vector<DeliveryStatus>> DeliveriesOf(const std::vector<std::string>& lead_ids) = 0;

  /// Makes a failed delivery pending again with its attempts reset, due at `now`; false when the
  /// lead has no failed delivery to that destination.
  virtual Result<bool> RequeueDelivery(const std::string& lead_id, const std::string& destination, int64_t now) = 0;

  /// Keeps `config_json` as the config of (site, revision), in place of any kept before, and
  /// returns the one kept before (nullopt when there was none).
  virtual Result<std::optional<std::string>> KeepConfigRevision(const std::string& site, const std::string& revision,
                                                                const std::string& config_json, int64_t now) = 0;

  /// The config kept for (site, revision), or nullopt when no collector has run with it.
  virtual Result<std::optional<std::string>> ConfigRevision(const std::string& site, const std::string& revision) = 0;

  /// Whether the database answers; used by /healthz.
  virtual bool Ping() = 0;

  /// `sqlite` or `postgres`, for /healthz and the startup line.
  virtual std::string Kind() const = 0;
};

/// The schema version this build writes; stores migrate older databases up to it on open.
inline constexpr int kSchemaVersion = 5;

}  // namespace leadscore::server

#include "postgres_lead_store.h"

#include "lead_columns.h"
#include "postgres_deliveries.h"
#include "postgres_row.h"
#include "postgres_session.h"
#include "store_schema.h"
#include "store_rows.h"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <unordered_set>
#include <utility>
#include <variant>

namespace leadscore::server {
namespace {

// Same columns and meaning as the SQLite schema; BIGINT ms since epoch for times.
constexpr const char* kMigrationV1 = R"sql(
CREATE TABLE leads (
  id           TEXT PRIMARY KEY,
  received_at  BIGINT NOT NULL,
  submitted_at BIGINT NOT NULL,
  site         TEXT NOT NULL,
  revision     TEXT NOT NULL,
  email        TEXT NOT NULL,
  stage        TEXT NOT NULL,
  grade        TEXT NOT NULL,
  total        DOUBLE PRECISION NOT NULL,
  engagement   DOUBLE PRECISION NOT NULL,
  fit          DOUBLE PRECISION NOT NULL,
  lead_fields  TEXT NOT NULL,
  payload      TEXT NOT NULL
);
CREATE INDEX leads_received ON leads (received_at, id);
CREATE INDEX leads_stage_received ON leads (stage, received_at, id);
INSERT INTO schema_migrations (version, applied_at)
  VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
)sql";

// Version 3: every config revision a collector has run with (see the SQLite store).
constexpr const char* kMigrationV3 = R"sql(
CREATE TABLE config_revisions (
  site       TEXT NOT NULL,
  revision   TEXT NOT NULL,
  config     TEXT NOT NULL,
  kept_at    BIGINT NOT NULL,
  PRIMARY KEY (site, revision)
);
INSERT INTO schema_migrations (version, applied_at)
  VALUES (3, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
)sql";

// Version 4: who each lead is from (see the SQLite store).
constexpr const char* kMigrationV4 = R"sql(
ALTER TABLE leads ADD COLUMN person TEXT NOT NULL DEFAULT '';
UPDATE leads SET person = lower(btrim(email));
CREATE INDEX leads_person ON leads (site, person, received_at, id);
INSERT INTO schema_migrations (version, applied_at)
  VALUES (4, (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
)sql";

// Any constant shared by every collector of this product: it serializes their migrations.
constexpr int64_t kMigrationLockKey = 0x6c656164;  // "lead"

constexpr int kMaxAttempts = 3;
// /healthz answers within about this even when the server is paused.
constexpr std::chrono::milliseconds kPingDeadline{1000};

struct ConnectionCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using postgres_session::Answer;
using postgres_session::ConnectionError;
using postgres_session::Query;
using postgres_session::Succeeded;

std::optional<Error> Exec(PGconn* conn, const char* sql) {
  Answer result(PQexec(conn, sql));
  if (Succeeded(result.get())) return std::nullopt;
  return ConnectionError(conn, "query");
}

Result<Connection> Connect(const std::string& url) {
  // The session settings (`synchronous_commit = on`, which makes a 201 durable, and the timeouts)
  // come with the connection, so a reconnect has them too.
  Connection conn(postgres_session::Connect(url));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    return std::vector<Error>{conn ? ConnectionError(conn.get(), "cannot connect")
                                   : Error{"postgres", "cannot connect: out of memory"}};
  }
  return conn;
}

// Every step of the schema, in order; each records itself in schema_migrations.
const SchemaMigration kMigrations[] = {
    {1, kMigrationV1}, {2, postgres_deliveries::kMigrationV2}, {3, kMigrationV3}, {4, kMigrationV4},
    {5, postgres_deliveries::kMigrationV5}};

std::optional<Error> Migrate(PGconn* conn) {
  // A migration may take longer than a lead's statement may.
  if (auto error = Exec(conn, "BEGIN; SET LOCAL statement_timeout = 0")) return error;
  auto fail = [conn](Error error) {
    Exec(conn, "ROLLBACK");
    return std::optional<Error>(std::move(error));
  };
  std::string lock = "SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")";
  if (auto error = Exec(conn, lock.c_str())) return fail(*error);
  if (auto error = Exec(conn,
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)")) {
    return fail(*error);
  }
  Answer current(PQexec(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  if (!Succeeded(current.get())) return fail(ConnectionError(conn, "cannot read the schema version"));
  int64_t version = std::strtoll(PQgetvalue(current.get(), 0, 0), nullptr, 10);
  auto migrated = MigrateFrom("postgres", version, kMigrations,
                              [conn](const SchemaMigration& step) { return Exec(conn, step.sql); });
  if (migrated) return fail(*migrated);
  if (auto error = Exec(conn, "COMMIT")) return fail(*error);
  return std::nullopt;
}

// Every row of a statement that selected LeadColumnList.
void AppendLeads(const PGresult* answer, std::vector<LeadRecord>& rows) {
  rows.reserve(rows.size() + static_cast<size_t>(PQntuples(answer)));
  for (int row = 0; row < PQntuples(answer); ++row) rows.push_back(LeadFromRow(PostgresRow{answer, row}));
}

std::string ColumnText(const std::string& text) { return text; }
std::string ColumnText(int64_t number) { return std::to_string(number); }
std::string ColumnText(double number) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", number);
  return buffer;
}

Result<std::optional<std::string>> ReadConfigRevision(PGconn* conn, const std::string& site,
                                                      const std::string& revision) {
  auto result = Query(conn, "SELECT config FROM config_revisions WHERE site = $1 AND revision = $2", {site, revision},
                      "read config revision");
  if (!result.ok()) return result.errors();
  const PGresult* answer = result.value().get();
  if (PQntuples(answer) == 0) return std::optional<std::string>();
  return std::optional<std::string>(std::string(PQgetvalue(answer, 0, 0), static_cast<size_t>(PQgetlength(answer, 0, 0))));
}

class PostgresLeadStore final : public LeadStore {
 public:
  PostgresLeadStore(std::vector<Connection> pool, Connection ping) : pool_(std::move(pool)), ping_(std::move(ping)) {}

  Result<std::vector<InsertOutcome>> InsertBatch(const std::vector<LeadRecord>& records) override {
    std::vector<InsertOutcome> outcomes(records.size(), InsertOutcome::kDuplicate);
    // Rows go in id order so that two collectors inserting overlapping batches take the unique
    // index's locks in the same order and cannot deadlock; a repeat inside the batch is a duplicate.
    std::vector<size_t> order(records.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return records[a].id < records[b].id; });
    std::vector<size_t> unique;
    for (size_t index : order) {
      if (unique.empty() || records[unique.back()].id != records[index].id) unique.push_back(index);
    }
    if (unique.empty()) return outcomes;

    std::string sql = "INSERT INTO leads (" + LeadColumnList() + ") VALUES ";
    // Every parameter as text, PostgreSQL converts them to the columns' types.
    std::vector<std::string> texts;
    texts.reserve(unique.size() * kLeadColumnCount);
    int parameter = 1;
    for (size_t n = 0; n < unique.size(); ++n) {
      const LeadRecord& record = records[unique[n]];
      sql += n ? ",(" : "(";
      for (size_t column = 0; column < kLeadColumnCount; ++column) {
        sql += (column ? ",$" : "$") + std::to_string(parameter++);
        std::visit([&](auto member) { texts.push_back(ColumnText(record.*member)); }, kLeadColumns[column].member);
      }
      sql += ")";
    }
    sql += " ON CONFLICT (id) DO NOTHING RETURNING id";
    if (!destinations_.empty()) {
      texts.push_back(JsonArrayText(destinations_));
      sql = postgres_deliveries::WithPendingDeliveries(sql, static_cast<int>(texts.size()));
    }

    Lease lease(*this);
    auto result = Query(lease.conn(), sql, texts, "insert", kMaxAttempts);
    if (!result.ok()) return result.errors();
    const PGresult* answer = result.value().get();
    std::unordered_set<std::string> inserted;
    for (int row = 0; row < PQntuples(answer); ++row) inserted.insert(PQgetvalue(answer, row, 0));
    for (size_t index : unique) {
      if (inserted.count(records[index].id)) outcomes[index] = InsertOutcome::kInserted;
    }
    return outcomes;
  }

  Result<std::vector<LeadRecord>> List(const LeadQuery& query) override {
    std::string sql = "SELECT " + LeadColumnList(query.with_payload) + " FROM leads WHERE TRUE";
    if (query.newest_per_person) {
      sql += " AND NOT EXISTS (SELECT 1 FROM leads newer WHERE newer.site = leads.site AND newer.person = leads.person"
             " AND (newer.received_at, newer.id) > (leads.received_at, leads.id))";
    }
    std::vector<std::string> parameters;
    auto next = [&](std::string value) {
      parameters.push_back(std::move(value));
      return "$" + std::to_string(parameters.size());
    };
    if (query.stage) sql += " AND stage = " + next(*query.stage);
    if (query.since) sql += " AND received_at >= " + next(std::to_string(*query.since));
    if (query.after) {
      std::string received = next(std::to_string(query.after->first));
      std::string id = next(query.after->second);
      sql += std::string(" AND (received_at, id) ") + (query.ascending ? ">" : "<") + " (" + received +
             "::BIGINT, " + id + "::TEXT)";
    }
    sql += query.ascending ? " ORDER BY received_at ASC, id ASC" : " ORDER BY received_at DESC, id DESC";
    sql += " LIMIT " + next(std::to_string(query.limit));
    sql += " OFFSET " + next(std::to_string(query.offset));

    Lease lease(*this);
    auto result = Query(lease.conn(), sql, parameters, "list", kMaxAttempts);
    if (!result.ok()) return result.errors();
    std::vector<LeadRecord> rows;
    AppendLeads(result.value().get(), rows);
    return rows;
  }

  Result<std::vector<LeadRecord>> SubmissionsOf(const std::vector<PersonKey>& people) override {
    std::vector<LeadRecord> rows;
    if (people.empty()) return rows;
    std::string sql = "SELECT " + LeadColumnList(false) + " FROM leads WHERE site = $1 AND person = $2" +
                      " ORDER BY received_at DESC, id DESC";
    Lease lease(*this);
    for (const auto& [site, person] : people) {
      auto result = Query(lease.conn(), sql, {site, person}, "list submissions");
      if (!result.ok()) return result.errors();
      AppendLeads(result.value().get(), rows);
    }
    return rows;
  }

  void SetDeliveryDestinations(std::vector<std::string> destinations) override {
    destinations_ = std::move(destinations);
  }

  Result<std::optional<int64_t>> NextDeliveryDue(const std::vector<std::string>& destinations) override {
    Lease lease(*this);
    return postgres_deliveries::NextDue(lease.conn(), destinations);
  }

  Result<std::vector<ClaimedDelivery>> ClaimDeliveries(const std::vector<std::string>& destinations, int64_t now,
                                                       int64_t lease_until, size_t limit) override {
    Lease lease(*this);
    auto claimed = postgres_deliveries::Claim(lease.conn(), destinations, now, lease_until, limit);
    if (!claimed.ok()) return claimed.errors();
    std::vector<ClaimedDelivery> deliveries;
    if (claimed.value().empty()) return deliveries;
    std::vector<std::string> lead_ids;
    for (const DeliveryStatus& status : claimed.value()) lead_ids.push_back(status.lead_id);
    auto result = Query(lease.conn(),
                        "SELECT " + LeadColumnList() + " FROM leads WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))",
                        {JsonArrayText(lead_ids)}, "read claimed leads");
    if (!result.ok()) return result.errors();
    const PGresult* answer = result.value().get();
    for (DeliveryStatus& status : claimed.value()) {
      for (int row = 0; row < PQntuples(answer); ++row) {
        if (status.lead_id != PQgetvalue(answer, row, 0)) continue;
        deliveries.push_back(ClaimedDelivery{std::move(status), LeadFromRow(PostgresRow{answer, row})});
        break;
      }
    }
    return deliveries;
  }

  Result<size_t> RecordDeliveries(const std::vector<DeliveryStatus>& statuses) override {
    Lease lease(*this);
    return postgres_deliveries::Record(lease.conn(), statuses);
  }

  Result<std::vector<DeliveryStatus>> DeliveriesOf(const std::vector<std::string>& lead_ids) override {
    Lease lease(*this);
    return postgres_deliveries::Of(lease.conn(), lead_ids);
  }

  Result<bool> RequeueDelivery(const std::string& lead_id, const std::string& destination, int64_t now) override {
    Lease lease(*this);
    return postgres_deliveries::Requeue(lease.conn(), lead_id, destination, now);
  }

  Result<std::optional<std::string>> KeepConfigRevision(const std::string& site, const std::string& revision,
                                                        const std::string& config_json, int64_t now) override {
    Lease lease(*this);
    auto before = ReadConfigRevision(lease.conn(), site, revision);
    if (!before.ok()) return before.errors();
    auto kept = Query(lease.conn(),
                      "INSERT INTO config_revisions (site, revision, config, kept_at)"
                      " VALUES ($1, $2, $3, $4::BIGINT) ON CONFLICT (site, revision)"
                      " DO UPDATE SET config = excluded.config, kept_at = excluded.kept_at",
                      {site, revision, config_json, std::to_string(now)}, "keep config revision");
    if (!kept.ok()) return kept.errors();
    return before;
  }

  Result<std::optional<std::string>> ConfigRevision(const std::string& site, const std::string& revision) override {
    Lease lease(*this);
    return ReadConfigRevision(lease.conn(), site, revision);
  }

  // On its own connection, so /healthz never waits behind the leads' statements; a second ping
  // while one is under way reports the last answer at once.
  bool Ping() override {
    std::unique_lock<std::mutex> lock(ping_mutex_, std::try_to_lock);
    if (!lock) return last_ping_;
    postgres_session::Reopen(ping_.get());
    bool timed_out = false;
    Answer result(postgres_session::Run(ping_.get(), "SELECT 1", 0, nullptr, timed_out, kPingDeadline));
    last_ping_ = Succeeded(result.get());
    return last_ping_;
  }

  std::string Kind() const override { return "postgres"; }

 private:
  // A connection borrowed from the pool for one call; libpq connections are not shareable.
  class Lease {
   public:
    explicit Lease(PostgresLeadStore& store) : store_(store) {
      std::unique_lock<std::mutex> lock(store_.mutex_);
      store_.available_.wait(lock, [this] { return !store_.pool_.empty(); });
      conn_ = std::move(store_.pool_.back());
      store_.pool_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard<std::mutex> lock(store_.mutex_);
        store_.pool_.push_back(std::move(conn_));
      }
      store_.available_.notify_one();
    }
    PGconn* conn() const { return conn_.get(); }

   private:
    PostgresLeadStore& store_;
    Connection conn_;
  };

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Connection> pool_;
  std::vector<std::string> destinations_;  // set before intake starts; each new lead gets a delivery to these
  std::mutex ping_mutex_;
  Connection ping_;
  std::atomic<bool> last_ping_{true};
};

}  // namespace

Result<std::unique_ptr<LeadStore>> OpenPostgresLeadStore(const std::string& url, int connections) {
  std::vector<Connection> pool;
  for (int n = 0; n < std::max(1, connections); ++n) {
    auto conn = Connect(url);
    if (!conn.ok()) return conn.errors();
    pool.push_back(std::move(conn).value());
  }
  if (auto error = Migrate(pool.front().get())) return std::vector<Error>{*error};
  auto ping = Connect(url);
  if (!ping.ok()) return ping.errors();
  return std::unique_ptr<LeadStore>(std::make_unique<PostgresLeadStore>(std::move(pool), std::move(ping).value()));
}

}  // namespace leadscore::server

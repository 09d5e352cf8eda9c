#include "sqlite_lead_store.h"

#include "lead_columns.h"
#include "sqlite_deliveries.h"
#include "sqlite_statement.h"
#include "store_schema.h"
#include "store_rows.h"

#include <sqlite3.h>

#include <mutex>
#include <variant>
#include <utility>

namespace leadscore::server {
namespace {

// Version 1: the leads table and the index that serves newest-first paging and `?since=`.
constexpr const char* kMigrationV1 = R"sql(
CREATE TABLE leads (
  id           TEXT PRIMARY KEY,
  received_at  INTEGER NOT NULL,
  submitted_at INTEGER NOT NULL,
  site         TEXT NOT NULL,
  revision     TEXT NOT NULL,
  email        TEXT NOT NULL,
  stage        TEXT NOT NULL,
  grade        TEXT NOT NULL,
  total        REAL NOT NULL,
  engagement   REAL NOT NULL,
  fit          REAL NOT NULL,
  lead_fields  TEXT NOT NULL,
  payload      TEXT NOT NULL
);
CREATE INDEX leads_received ON leads (received_at, id);
CREATE INDEX leads_stage_received ON leads (stage, received_at, id);
)sql";

// Version 3: every config revision a collector has run with, so that a lead scored under an
// earlier one is verified with it (docs/leads.md, "Rolling out a new config").
constexpr const char* kMigrationV3 = R"sql(
CREATE TABLE config_revisions (
  site       TEXT NOT NULL,
  revision   TEXT NOT NULL,
  config     TEXT NOT NULL,
  kept_at    INTEGER NOT NULL,
  PRIMARY KEY (site, revision)
);
)sql";

// Version 4: who each lead is from, so the admin list shows one lead per person with all of
// their submissions.
constexpr const char* kMigrationV4 = R"sql(
ALTER TABLE leads ADD COLUMN person TEXT NOT NULL DEFAULT '';
UPDATE leads SET person = lower(trim(email));
CREATE INDEX leads_person ON leads (site, person, received_at, id);
)sql";

std::string InsertSql() {
  std::string sql = "INSERT INTO leads (" + LeadColumnList() + ") VALUES (";
  for (size_t n = 0; n < kLeadColumnCount; ++n) sql += n ? ",?" : "?";
  return sql + ") ON CONFLICT (id) DO NOTHING";
}

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

std::optional<Error> Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return std::nullopt;
  Error error{"sqlite", message ? message : sqlite3_errmsg(db)};
  sqlite3_free(message);
  return error;
}

Result<Statement> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return std::vector<Error>{SqliteError(db, "prepare")};
  }
  return Statement(stmt);
}

Result<Connection> OpenConnection(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection db(raw);
  if (rc != SQLITE_OK) {
    return std::vector<Error>{Error{"sqlite", "cannot open " + path + ": " +
                                                  (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))}};
  }
  // WAL lets readers (GET /leads) run beside the writer; synchronous=FULL fsyncs the WAL on every
  // commit, so a 201 survives a power cut, not just a crash.
  // A lead's payload carries its event log (18 KB for 200 events): 16 KiB pages hold it in two
  // pages instead of a chain of five, so each commit writes, checksums and later checkpoints fewer WAL frames. The
  // page size only applies to a new database (before its first write; WAL mode then fixes it).
  // Another process holding the write lock makes a commit wait 2 s at most, far below a browser's
  // patience; past it the posts get 503 with Retry-After and the page script sends them again.
  const char* setup =
      "PRAGMA busy_timeout = 2000; PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;"
      " PRAGMA synchronous = FULL;";
  if (auto error = Exec(db.get(), setup)) {
    error->message = "cannot open " + path + ": " + error->message;
    return std::vector<Error>{*error};
  }
  return db;
}

int64_t UserVersion(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  int64_t version = -1;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    version = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return version;
}

// Every step of the schema, in order.
const SchemaMigration kMigrations[] = {
    {1, kMigrationV1}, {2, sqlite_deliveries::kMigrationV2}, {3, kMigrationV3}, {4, kMigrationV4},
    {5, sqlite_deliveries::kMigrationV5}};

// Migrations run in one IMMEDIATE transaction so two collectors opening a new file at once do
// not both create the schema; `user_version` and schema_migrations record what was applied.
std::optional<Error> Migrate(sqlite3* db) {
  if (auto error = Exec(db, "BEGIN IMMEDIATE")) return error;
  auto fail = [db](Error error) {
    Exec(db, "ROLLBACK");
    return std::optional<Error>(std::move(error));
  };
  int64_t version = UserVersion(db);
  if (version < 0) return fail(SqliteError(db, "cannot read the schema version"));
  if (auto error = Exec(db,
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")) {
    return fail(*error);
  }
  auto migrated = MigrateFrom("sqlite", version, kMigrations, [db](const SchemaMigration& step) {
    std::string number = std::to_string(step.version);
    std::string record = "INSERT INTO schema_migrations (version, applied_at) VALUES (" + number +
                         ", CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); PRAGMA user_version = " + number;
    if (auto error = Exec(db, step.sql)) return error;
    return Exec(db, record.c_str());
  });
  if (migrated) return fail(*migrated);
  if (auto error = Exec(db, "COMMIT")) return fail(*error);
  return std::nullopt;
}

// The statement binds the record's text without copying: the record must outlive the step.
void Bind(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void Bind(sqlite3_stmt* stmt, int index, int64_t number) { sqlite3_bind_int64(stmt, index, number); }
void Bind(sqlite3_stmt* stmt, int index, double number) { sqlite3_bind_double(stmt, index, number); }

class SqliteLeadStore final : public LeadStore {
 public:
  SqliteLeadStore(Connection writer, Statement insert, Statement insert_delivery, Connection reader)
      : writer_(std::move(writer)),
        insert_(std::move(insert)),
        insert_delivery_(std::move(insert_delivery)),
        reader_(std::move(reader)) {}

  Result<std::vector<InsertOutcome>> InsertBatch(const std::vector<LeadRecord>& records) override {
    std::lock_guard<std::mutex> lock(write_mutex_);
    sqlite3* db = writer_.get();
    if (auto error = CommitDurably(true)) return std::vector<Error>{*error};
    if (auto error = Exec(db, "BEGIN IMMEDIATE")) return std::vector<Error>{*error};
    // The statement binds the records' text without copying; unbind before they can go away.
    struct Unbind {
      sqlite3_stmt* stmt;
      ~Unbind() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } unbind{insert_.get()};
    std::vector<InsertOutcome> outcomes;
    outcomes.reserve(records.size());
    for (const LeadRecord& record : records) {
      sqlite3_stmt* stmt = insert_.get();
      for (size_t n = 0; n < kLeadColumnCount; ++n) {
        std::visit([&](auto member) { Bind(stmt, static_cast<int>(n) + 1, record.*member); }, kLeadColumns[n].member);
      }
      if (sqlite3_step(stmt) != SQLITE_DONE) {
        Error error = SqliteError(db, "insert");
        Exec(db, "ROLLBACK");
        return std::vector<Error>{error};
      }
      bool inserted = sqlite3_changes(db) == 1;
      outcomes.push_back(inserted ? InsertOutcome::kInserted : InsertOutcome::kDuplicate);
      sqlite3_reset(stmt);
      if (inserted && !destinations_.empty()) {
        if (auto error = sqlite_deliveries::InsertPending(db, insert_delivery_.get(), record.id, record.received_at,
                                                          destinations_)) {
          Exec(db, "ROLLBACK");
          return std::vector<Error>{*error};
        }
      }
    }
    if (auto error = Exec(db, "COMMIT")) {
      Exec(db, "ROLLBACK");
      return std::vector<Error>{*error};
    }
    return outcomes;
  }

  Result<std::vector<LeadRecord>> List(const LeadQuery& query) override {
    std::string sql = "SELECT " + LeadColumnList(query.with_payload) + " FROM leads WHERE 1=1";
    if (query.newest_per_person) {
      sql += " AND NOT EXISTS (SELECT 1 FROM leads newer WHERE newer.site = leads.site AND newer.person = leads.person"
             " AND (newer.received_at, newer.id) > (leads.received_at, leads.id))";
    }
    if (query.stage) sql += " AND stage = ?";
    if (query.since) sql += " AND received_at >= ?";
    if (query.after) sql += query.ascending ? " AND (received_at, id) > (?, ?)" : " AND (received_at, id) < (?, ?)";
    sql += query.ascending ? " ORDER BY received_at ASC, id ASC" : " ORDER BY received_at DESC, id DESC";
    sql += " LIMIT ? OFFSET ?";

    std::lock_guard<std::mutex> lock(read_mutex_);
    auto prepared = Prepare(reader_.get(), sql);
    if (!prepared.ok()) return prepared.errors();
    sqlite3_stmt* stmt = prepared.value().get();
    int index = 1;
    if (query.stage) sqlite3_bind_text(stmt, index++, query.stage->c_str(), -1, SQLITE_TRANSIENT);
    if (query.since) sqlite3_bind_int64(stmt, index++, *query.since);
    if (query.after) {
      sqlite3_bind_int64(stmt, index++, query.after->first);
      sqlite3_bind_text(stmt, index++, query.after->second.c_str(), -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(stmt, index++, query.limit);
    sqlite3_bind_int64(stmt, index++, query.offset);

    std::vector<LeadRecord> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.push_back(LeadFromRow(SqliteRow{stmt}));
    if (rc != SQLITE_DONE) return std::vector<Error>{SqliteError(reader_.get(), "list")};
    return rows;
  }

  Result<std::vector<LeadRecord>> SubmissionsOf(const std::vector<PersonKey>& people) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    auto prepared = Prepare(reader_.get(), "SELECT " + LeadColumnList(false) +
                                               " FROM leads WHERE site = ? AND person = ?"
                                               " ORDER BY received_at DESC, id DESC");
    if (!prepared.ok()) return prepared.errors();
    sqlite3_stmt* stmt = prepared.value().get();
    std::vector<LeadRecord> rows;
    for (const auto& [site, person] : people) {
      sqlite3_bind_text(stmt, 1, site.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(stmt, 2, person.c_str(), -1, SQLITE_TRANSIENT);
      int rc;
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.push_back(LeadFromRow(SqliteRow{stmt}));
      if (rc != SQLITE_DONE) return std::vector<Error>{SqliteError(reader_.get(), "list submissions")};
      sqlite3_reset(stmt);
    }
    return rows;
  }

  void SetDeliveryDestinations(std::vector<std::string> destinations) override {
    std::lock_guard<std::mutex> lock(write_mutex_);
    destinations_ = std::move(destinations);
  }

  Result<std::optional<int64_t>> NextDeliveryDue(const std::vector<std::string>& destinations) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return sqlite_deliveries::NextDue(reader_.get(), destinations);
  }

  Result<std::vector<ClaimedDelivery>> ClaimDeliveries(const std::vector<std::string>& destinations, int64_t now,
                                                       int64_t lease_until, size_t limit) override {
    Result<std::vector<DeliveryStatus>> claimed = [&]() -> Result<std::vector<DeliveryStatus>> {
      std::lock_guard<std::mutex> lock(write_mutex_);
      if (auto error = CommitDurably(false)) return std::vector<Error>{*error};
      return sqlite_deliveries::Claim(writer_.get(), destinations, now, lease_until, limit);
    }();
    if (!claimed.ok()) return claimed.errors();
    std::vector<ClaimedDelivery> deliveries;
    std::lock_guard<std::mutex> lock(read_mutex_);
    auto prepared = Prepare(reader_.get(), "SELECT " + LeadColumnList() + " FROM leads WHERE id = ?");
    if (!prepared.ok()) return prepared.errors();
    sqlite3_stmt* stmt = prepared.value().get();
    for (DeliveryStatus& status : claimed.value()) {
      sqlite3_bind_text(stmt, 1, status.lead_id.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(stmt) != SQLITE_ROW) return std::vector<Error>{SqliteError(reader_.get(), "read claimed lead")};
      deliveries.push_back(ClaimedDelivery{std::move(status), LeadFromRow(SqliteRow{stmt})});
      sqlite3_reset(stmt);
    }
    return deliveries;
  }

  Result<size_t> RecordDeliveries(const std::vector<DeliveryStatus>& statuses) override {
    std::lock_guard<std::mutex> lock(write_mutex_);
    if (auto error = CommitDurably(false)) return std::vector<Error>{*error};
    return sqlite_deliveries::Record(writer_.get(), statuses);
  }

  Result<std::vector<DeliveryStatus>> DeliveriesOf(const std::vector<std::string>& lead_ids) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return sqlite_deliveries::Of(reader_.get(), lead_ids);
  }

  Result<bool> RequeueDelivery(const std::string& lead_id, const std::string& destination, int64_t now) override {
    std::lock_guard<std::mutex> lock(write_mutex_);
    if (auto error = CommitDurably(false)) return std::vector<Error>{*error};
    return sqlite_deliveries::Requeue(writer_.get(), lead_id, destination, now);
  }

  Result<std::optional<std::string>> KeepConfigRevision(const std::string& site, const std::string& revision,
                                                        const std::string& config_json, int64_t now) override {
    auto before = ConfigRevision(site, revision);
    if (!before.ok()) return before.errors();
    {
      std::lock_guard<std::mutex> lock(write_mutex_);
      if (auto error = CommitDurably(true)) return std::vector<Error>{*error};
      auto insert = Prepare(writer_.get(),
                            "INSERT INTO config_revisions (site, revision, config, kept_at) VALUES (?,?,?,?)"
                            " ON CONFLICT (site, revision) DO UPDATE SET config = excluded.config, kept_at = excluded.kept_at");
      if (!insert.ok()) return insert.errors();
      sqlite3_stmt* stmt = insert.value().get();
      sqlite3_bind_text(stmt, 1, site.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(stmt, 2, revision.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(stmt, 3, config_json.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(stmt, 4, now);
      if (sqlite3_step(stmt) != SQLITE_DONE) return std::vector<Error>{SqliteError(writer_.get(), "keep config revision")};
    }
    return before;
  }

  Result<std::optional<std::string>> ConfigRevision(const std::string& site, const std::string& revision) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    auto select = Prepare(reader_.get(), "SELECT config FROM config_revisions WHERE site = ? AND revision = ?");
    if (!select.ok()) return select.errors();
    sqlite3_stmt* stmt = select.value().get();
    sqlite3_bind_text(stmt, 1, site.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, revision.c_str(), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return std::vector<Error>{SqliteError(reader_.get(), "read config revision")};
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    return std::optional<std::string>(std::string(reinterpret_cast<const char*>(text),
                                                  static_cast<size_t>(sqlite3_column_bytes(stmt, 0))));
  }

  bool Ping() override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return UserVersion(reader_.get()) == kSchemaVersion;
  }

  std::string Kind() const override { return "sqlite"; }

 private:
  // Leads and config revisions commit with synchronous=FULL (an fsync each). Delivery claims and
  // outcomes commit with NORMAL, no fsync of their own: losing the last of them to a power cut
  // only sends those leads again, with the same Idempotency-Key; a new delivery row is written
  // with its lead, fully durable. Both go through the one writer connection, so a delivery write
  // and a batch of leads queue on write_mutex_ instead of meeting at SQLite's file lock, whose
  // busy handler sleeps for milliseconds at a time. The caller holds write_mutex_.
  std::optional<Error> CommitDurably(bool full) {
    if (synchronous_full_ == full) return std::nullopt;
    if (auto error = Exec(writer_.get(), full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")) return error;
    synchronous_full_ = full;
    return std::nullopt;
  }

  std::mutex write_mutex_;
  Connection writer_;
  bool synchronous_full_ = true;  // as OpenConnection sets it
  Statement insert_;
  Statement insert_delivery_;
  std::vector<std::string> destinations_;  // each new lead gets a pending delivery to these
  std::mutex read_mutex_;
  Connection reader_;
};

}  // namespace

Result<std::unique_ptr<LeadStore>> OpenSqliteLeadStore(const std::string& path) {
  auto writer = OpenConnection(path);
  if (!writer.ok()) return writer.errors();
  if (auto error = Migrate(writer.value().get())) {
    error->message = path + ": " + error->message;
    return std::vector<Error>{*error};
  }
  auto insert = Prepare(writer.value().get(), InsertSql());
  if (!insert.ok()) return insert.errors();
  Statement insert_delivery = sqlite_deliveries::PrepareInsertPending(writer.value().get());
  if (!insert_delivery) return std::vector<Error>{SqliteError(writer.value().get(), "prepare delivery")};
  auto reader = OpenConnection(path);
  if (!reader.ok()) return reader.errors();
  return std::unique_ptr<LeadStore>(std::make_unique<SqliteLeadStore>(
      std::move(writer).value(), std::move(insert).value(), std::move(insert_delivery), std::move(reader).value()));
}

}  // namespace leadscore::server

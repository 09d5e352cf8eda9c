#include "sqlite_lead_store.h"

#include "sqlite_deliveries.h"

#include <sqlite3.h>

#include <mutex>
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

constexpr const char* kInsertSql =
    "INSERT INTO leads (id, received_at, submitted_at, site, revision, email, stage, grade, total,"
    " engagement, fit, lead_fields, payload) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT (id) DO NOTHING";

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

Error SqliteError(sqlite3* db, const std::string& what) {
  return Error{"sqlite", what + ": " + sqlite3_errmsg(db)};
}

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
  if (version > kSchemaVersion) {
    return fail(Error{"sqlite", "the database has schema version " + std::to_string(version) +
                                    ", newer than this collector's " +
                                    std::to_string(kSchemaVersion)});
  }
  if (auto error = Exec(db,
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")) {
    return fail(*error);
  }
  if (version < 1) {
    if (auto error = Exec(db, kMigrationV1)) return fail(*error);
    if (auto error = Exec(db,
                          "INSERT INTO schema_migrations (version, applied_at)"
                          " VALUES (1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));"
                          " PRAGMA user_version = 1")) {
      return fail(*error);
    }
  }
  if (version < 2) {
    if (auto error = Exec(db, sqlite_deliveries::kMigrationV2)) return fail(*error);
    if (auto error = Exec(db,
                          "INSERT INTO schema_migrations (version, applied_at)"
                          " VALUES (2, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));"
                          " PRAGMA user_version = 2")) {
      return fail(*error);
    }
  }
  if (auto error = Exec(db, "COMMIT")) return fail(*error);
  return std::nullopt;
}

LeadRecord ReadRow(sqlite3_stmt* stmt, bool with_payload) {
  auto text = [stmt](int column) {
    const unsigned char* value = sqlite3_column_text(stmt, column);
    return value ? std::string(reinterpret_cast<const char*>(value),
                               static_cast<size_t>(sqlite3_column_bytes(stmt, column)))
                 : std::string();
  };
  LeadRecord row;
  row.id = text(0);
  row.received_at = sqlite3_column_int64(stmt, 1);
  row.submitted_at = sqlite3_column_int64(stmt, 2);
  row.site = text(3);
  row.revision = text(4);
  row.email = text(5);
  row.stage = text(6);
  row.grade = text(7);
  row.total = sqlite3_column_double(stmt, 8);
  row.engagement = sqlite3_column_double(stmt, 9);
  row.fit = sqlite3_column_double(stmt, 10);
  row.lead_fields = text(11);
  if (with_payload) row.payload = text(12);
  return row;
}

class SqliteLeadStore final : public LeadStore {
 public:
  SqliteLeadStore(Connection writer, Statement insert, Connection reader, Connection delivery_writer)
      : writer_(std::move(writer)),
        insert_(std::move(insert)),
        reader_(std::move(reader)),
        delivery_writer_(std::move(delivery_writer)) {}

  Result<std::vector<InsertOutcome>> InsertBatch(const std::vector<LeadRecord>& records) override {
    std::lock_guard<std::mutex> lock(write_mutex_);
    sqlite3* db = writer_.get();
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
      sqlite3_bind_text(stmt, 1, record.id.data(), static_cast<int>(record.id.size()), SQLITE_STATIC);
      sqlite3_bind_int64(stmt, 2, record.received_at);
      sqlite3_bind_int64(stmt, 3, record.submitted_at);
      sqlite3_bind_text(stmt, 4, record.site.data(), static_cast<int>(record.site.size()), SQLITE_STATIC);
      sqlite3_bind_text(stmt, 5, record.revision.data(), static_cast<int>(record.revision.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(stmt, 6, record.email.data(), static_cast<int>(record.email.size()), SQLITE_STATIC);
      sqlite3_bind_text(stmt, 7, record.stage.data(), static_cast<int>(record.stage.size()), SQLITE_STATIC);
      sqlite3_bind_text(stmt, 8, record.grade.data(), static_cast<int>(record.grade.size()), SQLITE_STATIC);
      sqlite3_bind_double(stmt, 9, record.total);
      sqlite3_bind_double(stmt, 10, record.engagement);
      sqlite3_bind_double(stmt, 11, record.fit);
      sqlite3_bind_text(stmt, 12, record.lead_fields.data(), static_cast<int>(record.lead_fields.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(stmt, 13, record.payload.data(), static_cast<int>(record.payload.size()),
                        SQLITE_STATIC);
      if (sqlite3_step(stmt) != SQLITE_DONE) {
        Error error = SqliteError(db, "insert");
        Exec(db, "ROLLBACK");
        return std::vector<Error>{error};
      }
      bool inserted = sqlite3_changes(db) == 1;
      outcomes.push_back(inserted ? InsertOutcome::kInserted : InsertOutcome::kDuplicate);
      sqlite3_reset(stmt);
      if (inserted && !destinations_.empty()) {
        if (auto error = sqlite_deliveries::InsertPending(db, record.id, destinations_, record.received_at)) {
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
    std::string sql =
        "SELECT id, received_at, submitted_at, site, revision, email, stage, grade, total,"
        " engagement, fit, lead_fields, ";
    sql += query.with_payload ? "payload" : "''";
    sql += " FROM leads WHERE 1=1";
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
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.push_back(ReadRow(stmt, query.with_payload));
    if (rc != SQLITE_DONE) return std::vector<Error>{SqliteError(reader_.get(), "list")};
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
    Result<std::vector<DeliveryStatus>> claimed = [&] {
      std::lock_guard<std::mutex> lock(delivery_mutex_);
      return sqlite_deliveries::Claim(delivery_writer_.get(), destinations, now, lease_until, limit);
    }();
    if (!claimed.ok()) return claimed.errors();
    std::vector<ClaimedDelivery> deliveries;
    std::lock_guard<std::mutex> lock(read_mutex_);
    auto prepared = Prepare(reader_.get(),
                            "SELECT id, received_at, submitted_at, site, revision, email, stage, grade, total,"
                            " engagement, fit, lead_fields, payload FROM leads WHERE id = ?");
    if (!prepared.ok()) return prepared.errors();
    sqlite3_stmt* stmt = prepared.value().get();
    for (DeliveryStatus& status : claimed.value()) {
      sqlite3_bind_text(stmt, 1, status.lead_id.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(stmt) != SQLITE_ROW) return std::vector<Error>{SqliteError(reader_.get(), "read claimed lead")};
      deliveries.push_back(ClaimedDelivery{std::move(status), ReadRow(stmt, true)});
      sqlite3_reset(stmt);
    }
    return deliveries;
  }

  Result<bool> RecordDelivery(const DeliveryStatus& status) override {
    std::lock_guard<std::mutex> lock(delivery_mutex_);
    return sqlite_deliveries::Record(delivery_writer_.get(), status);
  }

  Result<std::vector<DeliveryStatus>> DeliveriesOf(const std::vector<std::string>& lead_ids) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return sqlite_deliveries::Of(reader_.get(), lead_ids);
  }

  Result<bool> RequeueDelivery(const std::string& lead_id, const std::string& destination, int64_t now) override {
    std::lock_guard<std::mutex> lock(delivery_mutex_);
    return sqlite_deliveries::Requeue(delivery_writer_.get(), lead_id, destination, now);
  }

  bool Ping() override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    return UserVersion(reader_.get()) == kSchemaVersion;
  }

  std::string Kind() const override { return "sqlite"; }

 private:
  std::mutex write_mutex_;
  Connection writer_;
  Statement insert_;
  std::vector<std::string> destinations_;  // each new lead gets a pending delivery to these
  std::mutex read_mutex_;
  Connection reader_;
  // Delivery claims and outcomes: their own connection, so the sender never holds the lead
  // writer's lock, and synchronous=NORMAL (no fsync per commit), since losing the last outcomes
  // to a power cut only sends those leads again, with the same Idempotency-Key. A new delivery
  // row itself is written with its lead, fully durable.
  std::mutex delivery_mutex_;
  Connection delivery_writer_;
};

}  // namespace

Result<std::unique_ptr<LeadStore>> OpenSqliteLeadStore(const std::string& path) {
  auto writer = OpenConnection(path);
  if (!writer.ok()) return writer.errors();
  if (auto error = Migrate(writer.value().get())) {
    error->message = path + ": " + error->message;
    return std::vector<Error>{*error};
  }
  auto insert = Prepare(writer.value().get(), kInsertSql);
  if (!insert.ok()) return insert.errors();
  auto reader = OpenConnection(path);
  if (!reader.ok()) return reader.errors();
  auto delivery_writer = OpenConnection(path);
  if (!delivery_writer.ok()) return delivery_writer.errors();
  if (auto error = Exec(delivery_writer.value().get(), "PRAGMA synchronous = NORMAL")) return std::vector<Error>{*error};
  return std::unique_ptr<LeadStore>(std::make_unique<SqliteLeadStore>(std::move(writer).value(), std::move(insert).value(),
                                                                      std::move(reader).value(),
                                                                      std::move(delivery_writer).value()));
}

}  // namespace leadscore::server

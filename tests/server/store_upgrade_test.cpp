// A database written by the previous release (schema version 4, deliveries keyed by lead id) is
// moved to the current schema on open, in both stores, without losing or changing a delivery.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "lead_fixtures.h"
#include "postgres_instance.h"
#include "postgres_lead_store.h"
#include "sqlite_deliveries.h"
#include "sqlite_lead_store.h"

namespace leadscore::server::testing {
namespace {

// Two leads with a delivery each, one of them delivered; what a version 4 database held.
void StoreTwoLeadsOneDelivered(LeadStore& store) {
  store.SetDeliveryDestinations({"hook"});
  ASSERT_TRUE(store.InsertBatch({StoreRecord("lead-a", 100), StoreRecord("lead-b", 200)}).ok());
  auto claimed = store.ClaimDeliveries({"hook"}, 150, 10000, 1);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(1u, claimed.value().size());
  ASSERT_TRUE(store.RecordDeliveries({DeliveredOnFirstTry(claimed.value()[0].status, 160)}).ok());
}

// The same deliveries, read back through the store after the upgrade, and usable as before.
void ExpectTheDeliveriesKept(LeadStore& store) {
  auto rows = store.DeliveriesOf({"lead-a", "lead-b"});
  ASSERT_TRUE(rows.ok()) << rows.errors().front().ToString();
  ASSERT_EQ(2u, rows.value().size());
  EXPECT_EQ("lead-a", rows.value()[0].lead_id);
  EXPECT_EQ("delivered", rows.value()[0].state);
  EXPECT_EQ(160, rows.value()[0].delivered_at);
  EXPECT_EQ(200, rows.value()[0].last_status);
  EXPECT_EQ("pending", rows.value()[1].state);
  EXPECT_EQ(200, rows.value()[1].next_attempt_at);
  auto claimed = store.ClaimDeliveries({"hook"}, 300, 10000, 5);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(1u, claimed.value().size());
  EXPECT_EQ("lead-b", claimed.value()[0].lead.id);
  DeliveryStatus failed = claimed.value()[0].status;
  failed.state = "failed";
  auto recorded = store.RecordDeliveries({failed});
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(1u, recorded.value());
  auto requeued = store.RequeueDelivery("lead-b", "hook", 400);
  ASSERT_TRUE(requeued.ok());
  EXPECT_TRUE(requeued.value());
}

// Back to version 4: the deliveries table made again by the released step that created it (it
// names its index as version 5 does, so that goes first), with the rows it holds now.
std::string SqliteBackToVersion4() {
  return std::string("ALTER TABLE deliveries RENAME TO deliveries_v5; DROP INDEX deliveries_due;") +
         sqlite_deliveries::kMigrationV2 +
         "INSERT INTO deliveries SELECT lead_id, destination, state, attempts, next_attempt_at, lease_until,"
         " last_status, last_error, delivered_at FROM deliveries_v5;"
         " DROP TABLE deliveries_v5; DELETE FROM schema_migrations WHERE version = 5; PRAGMA user_version = 4;";
}

std::string SqliteValue(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    value = text ? reinterpret_cast<const char*>(text) : "";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

TEST(StoreUpgrade, SqliteVersion4DeliveriesMoveToTheArrivalKey) {
  std::string dir = MakeTempDir("leadscore-upgrade");
  std::string path = dir + "/leads.db";
  {
    auto store = OpenSqliteLeadStore(path);
    ASSERT_TRUE(store.ok());
    StoreTwoLeadsOneDelivered(*store.value());
  }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(db, SqliteBackToVersion4().c_str(), nullptr, nullptr, nullptr)) << sqlite3_errmsg(db);
  sqlite3_close(db);
  ASSERT_EQ("0", SqliteValue(path, "SELECT count(*) FROM pragma_table_info('deliveries') WHERE name = 'received_at'"));

  auto store = OpenSqliteLeadStore(path);
  ASSERT_TRUE(store.ok()) << store.errors().front().ToString();
  EXPECT_EQ("5", SqliteValue(path, "PRAGMA user_version"));
  EXPECT_EQ("1", SqliteValue(path, "SELECT pk FROM pragma_table_info('deliveries') WHERE name = 'received_at'"));
  EXPECT_EQ("100", SqliteValue(path, "SELECT received_at FROM deliveries WHERE lead_id = 'lead-a'"));
  ExpectTheDeliveriesKept(*store.value());
  RemoveTree(dir);
}

// The version 4 primary key, and no received_at column, as that release created them.
constexpr const char* kPostgresBackToVersion4 = R"sql(
ALTER TABLE deliveries DROP CONSTRAINT deliveries_pkey;
ALTER TABLE deliveries DROP COLUMN received_at;
ALTER TABLE deliveries ADD PRIMARY KEY (lead_id, destination);
DELETE FROM schema_migrations WHERE version = 5;
SELECT 'back at version 4';
)sql";

TEST(StoreUpgrade, PostgresVersion4DeliveriesMoveToTheArrivalKey) {
  std::string error;
  auto postgres = PostgresInstance::Start(error);
  ASSERT_NE(nullptr, postgres) << error;
  std::string url = postgres->CreateDatabase("upgrade", error);
  ASSERT_FALSE(url.empty()) << error;
  {
    auto store = OpenPostgresLeadStore(url, 2);
    ASSERT_TRUE(store.ok()) << store.errors().front().ToString();
    StoreTwoLeadsOneDelivered(*store.value());
  }
  ASSERT_EQ("back at version 4", postgres->QueryValue(url, kPostgresBackToVersion4, error)) << error;

  auto store = OpenPostgresLeadStore(url, 2);
  ASSERT_TRUE(store.ok()) << store.errors().front().ToString();
  EXPECT_EQ("5", postgres->QueryValue(url, "SELECT max(version) FROM schema_migrations", error)) << error;
  EXPECT_EQ("received_at, lead_id, destination",
            postgres->QueryValue(url,
                                 "SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM pg_index i"
                                 " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k (attnum, n)"
                                 " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                                 " WHERE i.indrelid = 'deliveries'::regclass AND i.indisprimary",
                                 error))
      << error;
  ExpectTheDeliveriesKept(*store.value());
}

}  // namespace
}  // namespace leadscore::server::testing

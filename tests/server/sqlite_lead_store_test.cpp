#include "sqlite_lead_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "config_revisions.h"
#include "lead_fixtures.h"

namespace leadscore::server {
namespace {

using testing::DeliveredOnFirstTry;
using testing::MakeTempDir;
using testing::RemoveTree;
using testing::StoreRecord;

int64_t QueryInt(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

class SqliteLeadStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir("leadscore-sqlite"); }
  void TearDown() override { RemoveTree(dir_); }
  std::string dir_;
};

TEST_F(SqliteLeadStoreTest, MigratesANewDatabaseOnce) {
  std::string path = dir_ + "/leads.db";
  for (int open = 0; open < 2; ++open) {
    auto store = OpenSqliteLeadStore(path);
    ASSERT_TRUE(store.ok()) << store.errors().front().ToString();
    EXPECT_TRUE(store.value()->Ping());
  }
  EXPECT_EQ(kSchemaVersion, QueryInt(path, "PRAGMA user_version"));
  EXPECT_EQ(kSchemaVersion, QueryInt(path, "SELECT count(*) FROM schema_migrations"));
  EXPECT_EQ(kSchemaVersion, QueryInt(path, "SELECT max(version) FROM schema_migrations"));
}

TEST_F(SqliteLeadStoreTest, RefusesADatabaseFromANewerCollector) {
  std::string path = dir_ + "/leads.db";
  ASSERT_TRUE(OpenSqliteLeadStore(path).ok());
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA user_version = 7", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto store = OpenSqliteLeadStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ("sqlite: " + path + ": the database has schema version 7, newer than this collector's " + std::to_string(kSchemaVersion),
            store.errors().front().ToString());
}

TEST_F(SqliteLeadStoreTest, UsesWriteAheadLogging) {
  std::string path = dir_ + "/leads.db";
  ASSERT_TRUE(OpenSqliteLeadStore(path).ok());
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(SQLITE_ROW, sqlite3_step(stmt));
  EXPECT_STREQ("wal", reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(SqliteLeadStoreTest, InsertsABatchReportingDuplicates) {
  auto store = OpenSqliteLeadStore(dir_ + "/leads.db");
  ASSERT_TRUE(store.ok());
  auto first = store.value()->InsertBatch({StoreRecord("a", 1), StoreRecord("b", 2), StoreRecord("a", 3)});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((std::vector<InsertOutcome>{InsertOutcome::kInserted, InsertOutcome::kInserted,
                                        InsertOutcome::kDuplicate}),
            first.value());
  auto second = store.value()->InsertBatch({StoreRecord("b", 4), StoreRecord("c", 5)});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((std::vector<InsertOutcome>{InsertOutcome::kDuplicate, InsertOutcome::kInserted}), second.value());

  LeadQuery query;
  auto rows = store.value()->List(query);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(3u, rows.value().size());
  EXPECT_EQ("c", rows.value()[0].id);  // newest first
  EXPECT_EQ(1, rows.value()[2].received_at);
  EXPECT_EQ("{\"id\":\"a\"}", rows.value()[2].payload);
  EXPECT_DOUBLE_EQ(61.5, rows.value()[2].total);
}

TEST_F(SqliteLeadStoreTest, RecordsTheOutcomesOfSeveralDeliveriesAtOnceAndEndsTheirLeases) {
  auto opened = OpenSqliteLeadStore(dir_ + "/leads.db");
  ASSERT_TRUE(opened.ok());
  LeadStore& store = *opened.value();
  store.SetDeliveryDestinations({"hook"});
  ASSERT_TRUE(store.InsertBatch({StoreRecord("a", 1), StoreRecord("b", 2), StoreRecord("c", 3)}).ok());
  auto claimed = store.ClaimDeliveries({"hook"}, 10, 1000, 3);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(3u, claimed.value().size());

  DeliveryStatus delivered = DeliveredOnFirstTry(claimed.value()[0].status, 11);
  DeliveryStatus retried = claimed.value()[1].status;
  retried.attempts = 1;
  retried.last_status = 503;
  retried.next_attempt_at = 20;
  DeliveryStatus unknown = retried;
  unknown.lead_id = "not-stored";
  auto recorded = store.RecordDeliveries({delivered, retried, unknown});
  ASSERT_TRUE(recorded.ok()) << recorded.errors().front().ToString();
  EXPECT_EQ(2u, recorded.value());

  auto rows = store.DeliveriesOf({"a", "b", "c"});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(3u, rows.value().size());
  EXPECT_EQ("delivered", rows.value()[0].state);
  EXPECT_EQ(11, rows.value()[0].delivered_at);
  EXPECT_EQ("pending", rows.value()[1].state);
  EXPECT_EQ(503, rows.value()[1].last_status);
  EXPECT_EQ(0, rows.value()[2].attempts);
  // The retried one is free again once due; the third is still leased to its sender.
  auto next = store.ClaimDeliveries({"hook"}, 20, 2000, 3);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(1u, next.value().size());
  EXPECT_EQ(claimed.value()[1].status.lead_id, next.value()[0].status.lead_id);
  // A lead stored after the delivery writes is still there (written on the same connection).
  ASSERT_TRUE(store.InsertBatch({StoreRecord("d", 4)}).ok());
  EXPECT_EQ(4, QueryInt(dir_ + "/leads.db", "SELECT count(*) FROM deliveries"));
}

TEST_F(SqliteLeadStoreTest, KeepsEveryConfigRevisionForEveryCollectorOnIt) {
  std::string path = dir_ + "/leads.db";
  auto first_store = OpenSqliteLeadStore(path);
  auto second_store = OpenSqliteLeadStore(path);
  ASSERT_TRUE(first_store.ok() && second_store.ok());
  Config earlier = ParseConfig(testing::TestConfigJson("2026-11-a")).value();
  Config later = ParseConfig(testing::TestConfigJson("2026-12-a")).value();
  ConfigRevisions first(earlier, *first_store.value());
  ConfigRevisions second(later, *second_store.value());
  EXPECT_EQ(nullptr, second.Find("2026-11-a")) << "nobody has run with it yet";
  ASSERT_FALSE(first.KeepCurrent(CanonicalConfigJson(testing::TestConfigJson("2026-11-a")).value(), 1).value());
  ASSERT_FALSE(second.KeepCurrent(CanonicalConfigJson(testing::TestConfigJson("2026-12-a")).value(), 2).value());
  const Config* found = second.Find("2026-11-a");
  ASSERT_NE(nullptr, found);
  EXPECT_EQ("2026-11-a", found->revision);
  EXPECT_EQ(found, second.Find("2026-11-a")) << "read from the store once";
  ASSERT_NE(nullptr, first.Find("2026-12-a"));
  EXPECT_EQ(nullptr, first.Find("2026-10-z"));

  // The same revision again with the same config (other spacing) is a restart; with another
  // config it replaces the kept one, with a warning.
  ConfigRevisions restarted(earlier, *first_store.value());
  EXPECT_FALSE(restarted.KeepCurrent(CanonicalConfigJson(testing::TestConfigJson("2026-11-a")).value(), 3).value());
  std::string changed = testing::TestConfigJson("2026-11-a");
  changed.replace(changed.find("\"mql\""), 5, "\"mql\" ");
  EXPECT_FALSE(restarted.KeepCurrent(CanonicalConfigJson(changed).value(), 3).value());
  changed = testing::TestConfigJson("2026-11-a");
  changed.replace(changed.find("\"mql\": 50"), 9, "\"mql\": 55");
  auto replaced = restarted.KeepCurrent(CanonicalConfigJson(changed).value(), 3);
  ASSERT_TRUE(replaced.ok() && replaced.value());
  EXPECT_EQ(CanonicalConfigJson(changed), second_store.value()->ConfigRevision("example.com", "2026-11-a").value());
}

}  // namespace
}  // namespace leadscore::server

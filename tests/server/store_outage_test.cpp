// Store outages against the real `leadscore serve`: a PostgreSQL server of the test's own that is
// paused (SIGSTOP: connections stay open and nothing answers), stopped and restarted, and a
// SQLite database another process holds locked. Posts get 503 with Retry-After within seconds,
// /healthz answers at once and reports the store, SIGTERM finishes, and every lead that got a 201
// is in the database afterwards.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "lead_fixtures.h"
#include "postgres_instance.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

std::chrono::milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// One server for the suite, apart from the one the other tests share, since these stop it.
class PostgresOutageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = PostgresInstance::Start(start_error_).release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(nullptr, server_) << start_error_;
    postgres_ = server_;
    static int serial = 0;
    std::string error;
    url_ = postgres_->CreateDatabase("outage_" + std::to_string(++serial), error);
    ASSERT_NE("", url_) << error;
    dir_ = MakeTempDir("leadscore-outage");
    config_ = WriteFile(dir_, "config.json", TestConfigJson());
    std::string start_error;
    process_ = CollectorProcess::Start({"--config", config_, "--postgres", url_, "--rate-limit", "0"}, start_error);
    ASSERT_NE(nullptr, process_) << start_error;
  }
  void TearDown() override {
    if (postgres_) {
      postgres_->Resume();
      postgres_->Restart();  // a no-op unless the test left it stopped
    }
    process_.reset();
    RemoveTree(dir_);
  }

  std::unique_ptr<httplib::Client> Client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", process_->port());
    client->set_read_timeout(30);
    return client;
  }

  // Posts a lead; remembers it when it got a 201.
  int Post(const std::string& email) {
    auto result = Client()->Post("/leads", GenuinePayload(email), "application/json");
    if (!result) return 0;
    if (result->status == 201) stored_.insert(Json::parse(result->body)["id"].get<std::string>());
    if (result->status == 503) last_retry_after_ = result->get_header_value("Retry-After");
    return result->status;
  }

  static PostgresInstance* server_;
  static std::string start_error_;
  PostgresInstance* postgres_ = nullptr;
  std::string url_, dir_, config_;
  std::unique_ptr<CollectorProcess> process_;
  std::set<std::string> stored_;
  std::string last_retry_after_;
};

PostgresInstance* PostgresOutageTest::server_ = nullptr;
std::string PostgresOutageTest::start_error_;

// Every lead that got a 201 is in the database (a lead answered 503 may be there too: its
// statement reached the server before the answer was given up on, and its repeat gets a 200).
void ExpectStored(PostgresInstance& postgres, const std::string& url, const std::set<std::string>& ids) {
  for (const std::string& id : ids) {
    std::string error;
    EXPECT_EQ("1", postgres.QueryValue(url, "SELECT count(*) FROM leads WHERE id = '" + id + "'", error)) << id;
  }
}

TEST_F(PostgresOutageTest, APausedServerGets503FastAndHealthzAnswers) {
  ASSERT_EQ(201, Post("before@acme.com"));
  ASSERT_TRUE(postgres_->Pause());

  Clock::time_point start = Clock::now();
  EXPECT_EQ(503, Post("paused@acme.com"));
  EXPECT_LT(Since(start), std::chrono::milliseconds(9000));
  EXPECT_EQ("5", last_retry_after_);
  start = Clock::now();
  auto health = Client()->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(503, health->status);
  EXPECT_EQ("postgres", Json::parse(health->body)["store"]);
  EXPECT_LT(Since(start), std::chrono::milliseconds(4000));

  ASSERT_TRUE(postgres_->Resume());
  // The collector reconnects by itself; the page script would retry after Retry-After.
  int status = 0;
  for (int attempt = 0; attempt < 5 && status != 201; ++attempt) status = Post("after@acme.com");
  EXPECT_EQ(201, status);
  auto healthy = Client()->Get("/healthz");
  ASSERT_TRUE(healthy);
  EXPECT_EQ(200, healthy->status);
  ExpectStored(*postgres_, url_, stored_);
}

TEST_F(PostgresOutageTest, AStoppedServerGets503AndARestartHeals) {
  ASSERT_EQ(201, Post("before@acme.com"));
  ASSERT_TRUE(postgres_->Stop());
  Clock::time_point start = Clock::now();
  EXPECT_EQ(503, Post("stopped@acme.com"));
  EXPECT_LT(Since(start), std::chrono::milliseconds(9000));
  auto health = Client()->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(503, health->status);

  ASSERT_TRUE(postgres_->Restart());
  int status = 0;
  for (int attempt = 0; attempt < 5 && status != 201; ++attempt) status = Post("restarted@acme.com");
  EXPECT_EQ(201, status);
  ExpectStored(*postgres_, url_, stored_);
}

TEST_F(PostgresOutageTest, SigtermFinishesWhileTheServerIsPaused) {
  ASSERT_EQ(201, Post("before@acme.com"));
  ASSERT_TRUE(postgres_->Pause());
  // Leads in flight when the signal comes: each must end with an answer, 201 only if stored.
  std::vector<std::future<int>> posts;
  for (int n = 0; n < 4; ++n) {
    posts.push_back(std::async(std::launch::async, [this, n] { return Post("inflight" + std::to_string(n) + "@acme.com"); }));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Clock::time_point start = Clock::now();
  int exit_code = process_->Stop(SIGTERM);
  EXPECT_LT(Since(start), std::chrono::milliseconds(15000));
  EXPECT_EQ(0, exit_code);
  for (auto& post : posts) EXPECT_NE(201, post.get());
  ASSERT_TRUE(postgres_->Resume());
  ExpectStored(*postgres_, url_, stored_);
}

TEST(SqliteLockedTest, AnotherWriterHoldingTheLockGets503WithinSeconds) {
  auto collector = TestCollector::Start(Backend::kSqlite, {"--rate-limit", "0"});
  ASSERT_NE(nullptr, collector);
  ASSERT_EQ(201, collector->PostLead(GenuinePayload("before@acme.com"))->status);
  sqlite3* other = nullptr;
  ASSERT_EQ(SQLITE_OK, sqlite3_open(collector->database_args()[1].c_str(), &other));
  ASSERT_EQ(SQLITE_OK, sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr));

  Clock::time_point start = Clock::now();
  auto locked = collector->PostLead(GenuinePayload("locked@acme.com"));
  ASSERT_TRUE(locked);
  EXPECT_EQ(503, locked->status);
  EXPECT_EQ("5", locked->get_header_value("Retry-After"));
  EXPECT_LT(Since(start), std::chrono::milliseconds(5000));
  auto health = collector->Client()->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_LT(Since(start), std::chrono::milliseconds(6000));

  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(201, collector->PostLead(GenuinePayload("unlocked@acme.com"))->status);
  EXPECT_EQ(2, collector->CountRows());
}

}  // namespace
}  // namespace leadscore::server::testing

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
#include <thread>
#include <vector>

#include "lead_fixtures.h"
#include "postgres_instance.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

// A little longer than the collector refuses leads after a failed write (1 s).
constexpr std::chrono::milliseconds kRefusal{1200};

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

  // Posts a lead until it is stored, as a client that waits between tries does (after a failed
  // write the collector refuses leads for a moment without trying the store).
  int PostUntilStored(const std::string& email, std::chrono::milliseconds patience = std::chrono::milliseconds(15000)) {
    Clock::time_point start = Clock::now();
    int status = Post(email);
    while (status != 201 && Since(start) < patience) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      status = Post(email);
    }
    return status;
  }

  Json Health(int& status) const {
    auto health = Client()->Get("/healthz");
    status = health ? health->status : 0;
    return health ? Json::parse(health->body, nullptr, false) : Json();
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
  EXPECT_EQ(201, PostUntilStored("after@acme.com"));
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
  EXPECT_EQ(201, PostUntilStored("restarted@acme.com"));
  ExpectStored(*postgres_, url_, stored_);
}

TEST_F(PostgresOutageTest, AfterATimeoutPostsGet503AtOnceUntilAProbeFindsTheStoreBack) {
  ASSERT_EQ(201, Post("before@acme.com"));
  ASSERT_TRUE(postgres_->Pause());

  // The first lead waits for its statement deadline; one posted meanwhile, queued behind it,
  // gets its 503 with it rather than after a deadline of its own.
  Clock::time_point start = Clock::now();
  std::chrono::milliseconds first_took{0};
  auto first = std::async(std::launch::async, [&] {
    int status = Post("first@acme.com");
    first_took = Since(start);
    return status;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  Clock::time_point queued_at = Clock::now();
  EXPECT_EQ(503, Post("queued@acme.com"));
  std::chrono::milliseconds queued_took = Since(queued_at);
  EXPECT_EQ(503, first.get());
  // Posted a second later, answered no later than half a second after the first.
  EXPECT_LT(queued_took, first_took - std::chrono::milliseconds(500))
      << queued_took.count() << " ms, the first " << first_took.count() << " ms";

  // Right after the failure: 503 with Retry-After at once, and /healthz says why.
  start = Clock::now();
  for (int n = 0; n < 3; ++n) EXPECT_EQ(503, Post("refused" + std::to_string(n) + "@acme.com"));
  EXPECT_EQ("5", last_retry_after_);
  EXPECT_LT(Since(start), std::chrono::milliseconds(800));
  int status = 0;
  Json health = Health(status);
  EXPECT_EQ(503, status);
  EXPECT_EQ("refusing", health.value("writes", "")) << health;

  // A second later one lead probes the store (and waits its deadline); others still get 503 at once.
  std::this_thread::sleep_for(kRefusal);
  auto probe = std::async(std::launch::async, [this] { return Post("probe@acme.com"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  start = Clock::now();
  EXPECT_EQ(503, Post("while-probing@acme.com"));
  EXPECT_LT(Since(start), std::chrono::milliseconds(500));
  EXPECT_EQ(503, probe.get());

  // Back: after the refusal, the next probe stores its lead and /healthz says ok.
  ASSERT_TRUE(postgres_->Resume());
  EXPECT_EQ(201, PostUntilStored("back@acme.com"));
  health = Health(status);
  EXPECT_EQ(200, status);
  EXPECT_EQ("ok", health.value("writes", "")) << health;
  ExpectStored(*postgres_, url_, stored_);

  // The log tells the outage once, not once per refused lead: it opened, the tried leads failed
  // (the first and each probe), and it closed after refusing at least the five above.
  std::string log = process_->Stderr();
  auto count = [&log](const std::string& text) {
    size_t found = 0;
    for (size_t at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++found;
    return found;
  };
  EXPECT_EQ(1u, count("a write to the store failed (postgres:")) << log;
  EXPECT_EQ(1u, count("the store takes writes again; ")) << log;
  EXPECT_EQ(0u, count("not tried")) << log;
  EXPECT_GE(count("storing a lead failed: postgres:"), 2u) << log;
  size_t refused = std::stoul(log.substr(log.find("the store takes writes again; ") + 30));
  EXPECT_GE(refused, 5u) << log;
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
  // Leads are refused for a moment after the failed write; a client retrying soon gets its 201.
  int status = 0;
  for (start = Clock::now(); status != 201 && Since(start) < std::chrono::milliseconds(5000);) {
    auto unlocked = collector->PostLead(GenuinePayload("unlocked@acme.com"));
    status = unlocked ? unlocked->status : 0;
    if (status != 201) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(201, status);
  EXPECT_EQ(2, collector->CountRows());
}

}  // namespace
}  // namespace leadscore::server::testing

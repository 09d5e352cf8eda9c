#include "test_collector.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <csignal>

#include "lead_fixtures.h"
#include "postgres_instance.h"

namespace leadscore::server::testing {
namespace {

std::unique_ptr<PostgresInstance>& PostgresSlot() {
  static std::unique_ptr<PostgresInstance> instance;
  return instance;
}

// Stops the shared PostgreSQL when the test binary ends, whatever the tests did.
class PostgresCleanup : public ::testing::Environment {
 public:
  void TearDown() override { PostgresSlot().reset(); }
};
const auto* const kCleanup = ::testing::AddGlobalTestEnvironment(new PostgresCleanup);

// cpp-httplib 0.11 sends without MSG_NOSIGNAL: a collector that answers early and closes while a
// client still sends its body would end the whole test binary with SIGPIPE. Ignored for the
// binary, such a send fails with EPIPE and the test sees a failed request instead.
const bool kSigpipeIgnored = std::signal(SIGPIPE, SIG_IGN) != SIG_ERR;

std::string PostgresUrlOf(const std::vector<std::string>& args) { return args.size() == 2 ? args[1] : ""; }

}  // namespace

std::string BackendName(Backend backend) { return backend == Backend::kSqlite ? "Sqlite" : "Postgres"; }

PostgresInstance* SharedPostgres(std::string& error) {
  static std::string start_error;
  static bool tried = false;
  if (!tried) {
    tried = true;
    PostgresSlot() = PostgresInstance::Start(start_error);
  }
  error = start_error;
  return PostgresSlot().get();
}

std::unique_ptr<TestCollector> TestCollector::Start(Backend backend, const std::vector<std::string>& extra_args,
                                                    const std::string& revision) {
  std::unique_ptr<TestCollector> collector(new TestCollector());
  collector->backend_ = backend;
  collector->dir_ = MakeTempDir("leadscore-test");
  collector->config_path_ = WriteFile(collector->dir_, "config.json", TestConfigJson(revision));
  collector->extra_args_ = extra_args;
  if (backend == Backend::kSqlite) {
    collector->database_args_ = {"--db", collector->dir_ + "/leads.db"};
  } else {
    std::string error;
    PostgresInstance* postgres = SharedPostgres(error);
    if (!postgres) {
      ADD_FAILURE() << "PostgreSQL is needed for this test and could not start: " << error;
      return nullptr;
    }
    static std::atomic<int> serial{0};
    std::string url = postgres->CreateDatabase("leads_" + std::to_string(getpid()) + "_" + std::to_string(++serial), error);
    if (url.empty()) {
      ADD_FAILURE() << "cannot create a test database: " << error;
      return nullptr;
    }
    collector->database_args_ = {"--postgres", url};
  }
  return collector->Launch() ? std::move(collector) : nullptr;
}

std::unique_ptr<TestCollector> TestCollector::StartBeside(const TestCollector& other,
                                                          const std::optional<std::string>& revision) {
  std::unique_ptr<TestCollector> collector(new TestCollector());
  collector->backend_ = other.backend_;
  collector->dir_ = MakeTempDir("leadscore-test");
  collector->config_path_ =
      revision ? WriteFile(collector->dir_, "config.json", TestConfigJson(*revision)) : other.config_path_;
  collector->database_args_ = other.database_args_;
  collector->extra_args_ = other.extra_args_;
  return collector->Launch() ? std::move(collector) : nullptr;
}

bool TestCollector::Launch() {
  std::vector<std::string> args = {"--config", config_path_};
  args.insert(args.end(), database_args_.begin(), database_args_.end());
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::string error;
  process_ = CollectorProcess::Start(args, error);
  if (!process_) ADD_FAILURE() << error;
  return process_ != nullptr;
}

TestCollector::~TestCollector() {
  process_.reset();
  RemoveTree(dir_);
}

std::unique_ptr<httplib::Client> TestCollector::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port());
  client->set_keep_alive(true);
  client->set_read_timeout(20);
  client->set_write_timeout(20);
  return client;
}

httplib::Result TestCollector::PostLead(const std::string& body, const std::string& content_type,
                                        const httplib::Headers& headers) const {
  return Client()->Post("/leads", headers, body, content_type.c_str());
}

int64_t TestCollector::CountRows() const {
  if (backend_ == Backend::kPostgres) {
    std::string error;
    PostgresInstance* postgres = SharedPostgres(error);
    std::string count = postgres ? postgres->QueryValue(PostgresUrlOf(database_args_), "SELECT count(*) FROM leads", error) : "";
    EXPECT_EQ("", error);
    return count.empty() ? -1 : std::stoll(count);
  }
  sqlite3* db = nullptr;
  int64_t count = -1;
  if (sqlite3_open_v2(database_args_[1].c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM leads", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      count = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  EXPECT_GE(count, 0) << "cannot count rows in " << database_args_[1];
  return count;
}

}  // namespace leadscore::server::testing

#pragma once

#include <httplib.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collector_process.h"

namespace leadscore::server::testing {

enum class Backend { kSqlite, kPostgres };

std::string BackendName(Backend backend);

/// A collector under test: its config, its own empty database, the running server and a client.
class TestCollector {
 public:
  /// Starts a collector on a fresh database of `backend`; a failure to start fails the test.
  /// `extra_args` are added to the command line (e.g. `--rate-limit`, `--admin-token`).
  static std::unique_ptr<TestCollector> Start(Backend backend, const std::vector<std::string>& extra_args = {},
                                              const std::string& revision = "2026-11-a");
  /// A second collector on the same database as `other`; with `revision`, serving the test config
  /// under that revision (a rollout).
  static std::unique_ptr<TestCollector> StartBeside(const TestCollector& other,
                                                    const std::optional<std::string>& revision = std::nullopt);
  ~TestCollector();

  CollectorProcess& process() { return *process_; }
  int port() const { return process_->port(); }

  /// A fresh keep-alive client for this collector.
  std::unique_ptr<httplib::Client> Client() const;

  /// POSTs a body to /leads.
  httplib::Result PostLead(const std::string& body, const std::string& content_type = "application/json",
                           const httplib::Headers& headers = {}) const;

  /// Rows in the leads table, counted straight from the database.
  int64_t CountRows() const;

  /// The database argument given to the server (`--db PATH` or `--postgres URL`).
  const std::vector<std::string>& database_args() const { return database_args_; }
  const std::string& config_path() const { return config_path_; }

 private:
  TestCollector() = default;
  bool Launch();

  Backend backend_ = Backend::kSqlite;
  std::string dir_;
  std::string config_path_;
  std::vector<std::string> database_args_;
  std::vector<std::string> extra_args_;
  std::unique_ptr<CollectorProcess> process_;
};

/// The PostgreSQL server shared by this test binary, started on first use; a test needing it
/// fails (never skips) when it cannot start.
class PostgresInstance;
PostgresInstance* SharedPostgres(std::string& error);

}  // namespace leadscore::server::testing

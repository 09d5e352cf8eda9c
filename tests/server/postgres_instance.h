#pragma once

#include <memory>
#include <string>

namespace leadscore::server::testing {

/// A throwaway PostgreSQL server: initdb in a temp directory, listening on 127.0.0.1 and a free
/// port, stopped and deleted on destruction. As root it runs as the `postgres` user, since
/// PostgreSQL refuses to run as root.
class PostgresInstance {
 public:
  /// Starts one, or returns null with the reason (missing binaries, initdb failure) in `error`.
  static std::unique_ptr<PostgresInstance> Start(std::string& error);
  ~PostgresInstance();

  /// Creates an empty database and returns its connection URL, or "" on failure (see `error`).
  std::string CreateDatabase(const std::string& name, std::string& error);

  /// The URL of the server's maintenance database, for CREATE and DROP DATABASE.
  std::string AdminUrl() const;

  /// Runs a query returning one value (e.g. a count) as text; "" with `error` on failure.
  std::string QueryValue(const std::string& url, const std::string& sql, std::string& error);

  /// Outages: a fast shutdown and a start on the same port and data; a pause of the server and
  /// every backend (SIGSTOP: connections stay open and nothing answers) and its end (SIGCONT).
  bool Stop();
  bool Restart();
  bool Pause();
  bool Resume();

 private:
  PostgresInstance() = default;
  bool Signal(int signal);

  std::string dir_;
  std::string options_;
  int port_ = 0;
};

}  // namespace leadscore::server::testing

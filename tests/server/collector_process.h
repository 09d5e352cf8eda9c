#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace leadscore::server::testing {

/// The real `leadscore serve` binary, started on a free loopback port.
class CollectorProcess {
 public:
  /// Starts `leadscore serve ARGS --host 127.0.0.1 --port 0` and waits (up to 20 s) for its
  /// startup line. On failure returns null and says why in `error` (with the server's stderr).
  static std::unique_ptr<CollectorProcess> Start(const std::vector<std::string>& args, std::string& error,
                                                 const std::map<std::string, std::string>& env = {});
  ~CollectorProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& startup_line() const { return startup_line_; }

  /// Sends `signal` and waits for the exit; returns the exit code, or -1 on a crash or timeout.
  int Stop(int signal);

  /// Everything the server wrote to stderr so far.
  std::string Stderr() const;

 private:
  CollectorProcess() = default;

  pid_t pid_ = -1;
  int port_ = 0;
  std::string startup_line_;
  std::string temp_dir_;
  std::string stderr_path_;
};

/// What a run of `leadscore serve` that is expected to end by itself left behind.
struct CollectorRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `leadscore serve ARGS` to its end (at most 20 s), for startup errors.
CollectorRun RunCollector(const std::vector<std::string>& args);

}  // namespace leadscore::server::testing

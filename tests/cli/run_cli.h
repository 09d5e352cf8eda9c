#pragma once

#include <string>
#include <vector>

namespace leadscore::cli_test {

/// What one run of the `leadscore` binary produced.
struct CliRun {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

/// Runs the built `leadscore` with `args`, feeding `input` on stdin.
CliRun RunCli(const std::vector<std::string>& args, const std::string& input = "");

/// The absolute path of a file in tests/cli/fixtures/.
std::string Fixture(const std::string& name);

/// The absolute path of the shipped example config (examples/leadscore.json).
std::string ExampleConfig();

/// The content of a fixture file; fails the current test when it cannot be read.
std::string ReadFixture(const std::string& name);

}  // namespace leadscore::cli_test

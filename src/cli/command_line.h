#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "leadscore/result.h"
#include "serve_options.h"

namespace leadscore::cli {

/// `leadscore validate CONFIG`, or `leadscore validate --forward FILE` (a collector's forwarding file).
struct ValidateRequest {
  std::string config_path;   // empty when forward_path is set
  std::string forward_path;
};

/// `leadscore score --config CONFIG [--now MS] [--payload] [EVENTS | -]`
struct ScoreRequest {
  std::string config_path;
  std::optional<int64_t> now;  // unset: the latest event's time
  bool payload = false;
  std::string events_path = "-";  // `-` is standard input
};

/// `leadscore verify --config CONFIG [PAYLOAD | -]`
struct VerifyRequest {
  std::string config_path;
  std::string payload_path = "-";
};

/// One command with its typed options; `serve` takes the collector's own options.
using Command = std::variant<ValidateRequest, ScoreRequest, VerifyRequest, server::ServeOptions>;

/// What a command line asks for: a command to run, or text to print and an exit code right away
/// (help, the version, or a usage error, which exits 2).
struct ParsedCommandLine {
  std::optional<Command> command;
  int exit_code = 0;
  std::string out;
  std::string err;
};

/// Parses the arguments after the program name. Every command follows the same rules: `--name
/// VALUE` or `--name=VALUE`; `--` ends the options; an option that takes one value may be given
/// once (only `serve --static` and `--trusted-proxy` repeat); `--help` prints help generated from the options. A usage
/// error reads `leadscore COMMAND: MESSAGE (see 'leadscore COMMAND --help')`. `serve
/// --admin-token` falls back to the LEADSCORE_ADMIN_TOKEN environment variable.
ParsedCommandLine ParseCommandLine(const std::vector<std::string>& args);

/// Prints each error on a line of its own on stderr; returns exit 2 (bad input).
int ReportInputErrors(const std::vector<Error>& errors);

/// Writes all of `text` to standard output or standard error, unbuffered by stdio.
void WriteOut(const std::string& text);
void WriteErr(const std::string& text);

}  // namespace leadscore::cli

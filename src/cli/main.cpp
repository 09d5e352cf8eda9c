#include <exception>
#include <string>

#include "command_line.h"
#include "commands.h"

#ifdef LEADSCORE_WITH_SERVER
#include "server/forward/validate_forward_command.h"
#include "server/serve_command.h"
#endif

namespace {

constexpr const char* kVersion = "leadscore " LEADSCORE_VERSION "\n";

constexpr const char* kUsage =
    "leadscore - lead scoring for marketing sites\n"
    "\n"
    "Usage:\n"
    "  leadscore validate CONFIG\n"
    "  leadscore validate --forward FILE   (a collector's forwarding file)\n"
    "  leadscore score --config CONFIG [--now MS] [--payload] [EVENTS | -]\n"
    "  leadscore verify --config CONFIG [PAYLOAD | -]\n"
    "  leadscore serve ...             (the lead collector, when built with it)\n"
    "  leadscore --help | --version\n"
    "\n"
    "Commands:\n"
    "  validate  check a scoring config\n"
    "  score     score an event log (JSON Lines or a JSON array) and print the Score as JSON,\n"
    "            or with --payload the lead payload\n"
    "  verify    re-score a received lead payload and check its claims\n"
    "  serve     receive, verify and store leads over HTTP\n"
    "\n"
    "Errors name the input: \"FILE: $.json.path: message\" for configs and payloads,\n"
    "\"FILE:LINE: message\" for event logs; <stdin> stands for standard input.\n"
    "\n"
    "Exit codes: 0 ok; 1 payload rejected (verify); 2 bad input or usage;\n"
    "3 lead not qualified (score --payload).\n"
    "\n"
    "Run 'leadscore COMMAND --help' for a command's options.\n";

// `validate --forward FILE` checks the collector's forwarding file, which only a build with the
// collector understands.
int ValidateForwardFile(int argc, char** argv) {
  using namespace leadscore::cli;
  std::string flag = argv[0];
  std::string path;
  if (flag.rfind("--forward=", 0) == 0 && argc == 1) path = flag.substr(10);
  else if (flag == "--forward" && argc == 2) path = argv[1];
  if (path.empty()) return UsageError("validate", "expected --forward FILE");
#ifdef LEADSCORE_WITH_SERVER
  return leadscore::server::RunValidateForwardCommand(path);
#else
  WriteErr("leadscore: this build has no collector: 'validate --forward' is unavailable\n");
  return 2;
#endif
}

int Dispatch(int argc, char** argv) {
  using namespace leadscore::cli;
  if (argc < 2) {
    WriteErr("leadscore: missing command (see 'leadscore --help')\n");
    return 2;
  }
  std::string command = argv[1];
  int rest_count = argc - 2;
  char** rest = argv + 2;
  if (command == "--help" || command == "-h" || command == "help") {
    WriteOut(kUsage);
    return 0;
  }
  if (command == "--version") {
    WriteOut(kVersion);
    return 0;
  }
  if (command == "validate" && rest_count >= 1 && std::string(rest[0]).rfind("--forward", 0) == 0) {
    return ValidateForwardFile(rest_count, rest);
  }
  if (command == "validate") return RunValidateCommand(rest_count, rest);
  if (command == "score") return RunScoreCommand(rest_count, rest);
  if (command == "verify") return RunVerifyCommand(rest_count, rest);
  if (command == "serve") {
#ifdef LEADSCORE_WITH_SERVER
    return leadscore::server::RunServeCommand(rest_count, rest);
#else
    WriteErr("leadscore: this build has no collector: 'serve' is unavailable\n");
    return 2;
#endif
  }
  bool is_option = command.size() > 1 && command[0] == '-';
  WriteErr(std::string("leadscore: unknown ") + (is_option ? "option" : "command") + " \"" +
           command + "\" (see 'leadscore --help')\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // The core reports bad input as values; this only catches what it cannot, such as running out
  // of memory on a huge log, so that the user reads a message instead of an abort.
  try {
    return Dispatch(argc, argv);
  } catch (const std::exception& error) {
    leadscore::cli::WriteErr(std::string("leadscore: ") + error.what() + "\n");
  } catch (...) {
    leadscore::cli::WriteErr("leadscore: unexpected internal error\n");
  }
  return 2;
}

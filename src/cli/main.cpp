#include <exception>
#include <string>
#include <type_traits>
#include <variant>

#include "command_line.h"
#include "commands.h"
#include "huge_page_heap.h"
#include "serve_command.h"

namespace {

int RunCommand(const leadscore::cli::Command& command) {
  using namespace leadscore::cli;
  return std::visit(
      [](const auto& request) -> int {
        using Request = std::decay_t<decltype(request)>;
        if constexpr (std::is_same_v<Request, ValidateRequest>) return RunValidateCommand(request);
        if constexpr (std::is_same_v<Request, ScoreRequest>) return RunScoreCommand(request);
        if constexpr (std::is_same_v<Request, VerifyRequest>) return RunVerifyCommand(request);
        if constexpr (std::is_same_v<Request, leadscore::server::ServeOptions>) {
          return leadscore::server::RunServeCommand(request);
        }
      },
      command);
}

int Dispatch(int argc, char** argv) {
  using namespace leadscore::cli;
  ParsedCommandLine line = ParseCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  // Scoring holds the whole log in memory; nothing else needs a heap that size.
  if (line.command && std::holds_alternative<ScoreRequest>(*line.command)) RestartWithHugePageHeap(argv);
  WriteOut(line.out);
  WriteErr(line.err);
  return line.command ? RunCommand(*line.command) : line.exit_code;
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

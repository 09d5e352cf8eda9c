#include <string>
#include <vector>

#include "command_line.h"
#include "commands.h"
#include "input_file.h"

namespace leadscore::cli {
namespace {

constexpr const char* kUsage =
    "Usage: leadscore validate CONFIG\n"
    "\n"
    "Checks a scoring config. Prints \"CONFIG: ok (...)\" and exits 0 when it is valid; otherwise\n"
    "prints every error on stderr, one per line as \"CONFIG: $.json.path: message\", and exits 2.\n";

std::string Count(size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

int RunValidateCommand(int argc, char** argv) {
  Result<CommandLine> line =
      ParseCommandLine(std::vector<std::string>(argv, argv + argc), {{"--help", false}});
  if (!line.ok()) return UsageError("validate", line.errors().front().message);
  if (line.value().Has("--help")) {
    WriteOut(kUsage);
    return 0;
  }
  const std::vector<std::string>& operands = line.value().operands;
  if (operands.size() != 1) {
    return UsageError("validate", operands.empty() ? "missing CONFIG" : "expected one CONFIG");
  }

  Result<Config> config = LoadConfig(operands[0]);
  if (!config.ok()) return ReportInputErrors(config.errors());
  const Config& valid = config.value();
  WriteOut(DisplayName(operands[0]) + ": ok (" +
           Count(valid.engagement_rules.size(), "engagement rule") + ", " +
           Count(valid.fit_rules.size(), "fit rule") + ", " + Count(valid.gates.size(), "gate") +
           ")\n");
  return 0;
}

}  // namespace leadscore::cli

#include <string>

#include "commands.h"
#include "input_file.h"
#include "forward/validate_forward_command.h"

namespace leadscore::cli {
namespace {

std::string Count(size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

int RunValidateCommand(const ValidateRequest& request) {
  if (!request.forward_path.empty()) return server::RunValidateForwardCommand(request.forward_path);
  Result<Config> config = io::LoadConfig(request.config_path);
  if (!config.ok()) return ReportInputErrors(config.errors());
  const Config& valid = config.value();
  WriteOut(io::DisplayName(request.config_path) + ": ok (" +
           Count(valid.engagement_rules.size(), "engagement rule") + ", " +
           Count(valid.fit_rules.size(), "fit rule") + ", " + Count(valid.gates.size(), "gate") +
           ")\n");
  return 0;
}

}  // namespace leadscore::cli

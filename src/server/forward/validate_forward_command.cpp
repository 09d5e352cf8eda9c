#include "validate_forward_command.h"

#include <cstdlib>
#include <iostream>

#include "forward_config.h"
#include "input_file.h"

namespace leadscore::server {

int RunValidateForwardCommand(const std::string& path) {
  auto config = LoadForwardConfig(path, [](const char* name) { return std::getenv(name); });
  if (!config.ok()) {
    for (const Error& error : config.errors()) std::cerr << error.ToString() << "\n";
    return 2;
  }
  std::string summary;
  for (const Destination& destination : config.value().destinations) {
    summary += (summary.empty() ? "" : ", ") + destination.id + " " + std::string(DestinationTypeName(destination.type));
  }
  size_t count = config.value().destinations.size();
  std::cout << io::DisplayName(path) << ": ok (" << count << (count == 1 ? " destination: " : " destinations: ") << summary << ")\n";
  return 0;
}

}  // namespace leadscore::server

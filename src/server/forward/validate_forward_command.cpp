#include "validate_forward_command.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "forward_config.h"

namespace leadscore::server {

int RunValidateForwardCommand(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << path << ": cannot read: " << std::strerror(errno) << "\n";
    return 2;
  }
  std::ostringstream text;
  text << file.rdbuf();
  auto config = ParseForwardConfig(text.str(), [](const char* name) { return std::getenv(name); });
  if (!config.ok()) {
    for (const Error& error : config.errors()) std::cerr << path << ": " << error.ToString() << "\n";
    return 2;
  }
  std::string summary;
  for (const Destination& destination : config.value().destinations) {
    summary += (summary.empty() ? "" : ", ") + destination.id + " " + std::string(DestinationTypeName(destination.type));
  }
  size_t count = config.value().destinations.size();
  std::cout << path << ": ok (" << count << (count == 1 ? " destination: " : " destinations: ") << summary << ")\n";
  return 0;
}

}  // namespace leadscore::server

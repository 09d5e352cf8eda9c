#pragma once

#include <fstream>
#include <sstream>
#include <string>

// The shipped example config, shared by the unit tests.
namespace leadscore::testing {

inline std::string SpecExampleConfig() {
  std::ifstream in(LEADSCORE_EXAMPLES_DIR "/leadscore.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace leadscore::testing

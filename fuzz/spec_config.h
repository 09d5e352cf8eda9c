#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "leadscore/config.h"

namespace leadscore::fuzz {

/// The shipped example config the event and payload fuzzers score against; loaded once.
inline const Config& SpecConfig() {
  static const Config config = [] {
    std::ifstream file(LEADSCORE_EXAMPLE_CONFIG);
    std::ostringstream text;
    text << file.rdbuf();
    Result<Config> parsed = ParseConfig(text.str());
    if (!file || !parsed.ok()) {
      std::fprintf(stderr, "cannot load %s\n", LEADSCORE_EXAMPLE_CONFIG);
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return config;
}

}  // namespace leadscore::fuzz

#pragma once

// The shipped example config (examples/leadscore.json, the one docs/config.md walks through): the
// one loader for the tests, fuzzers and benchmarks that start from it. A file that is missing or
// no longer a valid config ends the process with a message naming it, since nothing that uses it
// could pass or measure anything without it.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "leadscore/config.h"

namespace leadscore::testing {

[[noreturn]] inline void ExampleConfigUnusable(const std::string& why) {
  std::fprintf(stderr, "%s: %s\n", LEADSCORE_EXAMPLE_CONFIG, why.c_str());
  std::abort();
}

/// The example config's text, read once.
inline const std::string& ExampleConfigText() {
  static const std::string text = [] {
    std::ifstream file(LEADSCORE_EXAMPLE_CONFIG, std::ios::binary);
    if (!file.is_open()) ExampleConfigUnusable("cannot be read");
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
  }();
  return text;
}

/// The example config, parsed once.
inline const Config& ExampleConfig() {
  static const Config config = [] {
    Result<Config> parsed = ParseConfig(ExampleConfigText());
    if (!parsed.ok()) ExampleConfigUnusable(parsed.errors().front().ToString());
    return std::move(parsed).value();
  }();
  return config;
}

}  // namespace leadscore::testing

#pragma once

#include <string>

namespace leadscore::server {

/// `leadscore validate --forward FILE`: checks a forwarding file as `serve --forward` would at start
/// (environment variables included). Prints `FILE: ok (...)` and returns 0, or every error as
/// `FILE: $.json.path: message` on stderr and returns 2.
int RunValidateForwardCommand(const std::string& path);

}  // namespace leadscore::server

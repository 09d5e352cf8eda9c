#pragma once

#include <httplib.h>

#include <optional>
#include <vector>

#include "leadscore/result.h"
#include "serve_options.h"

namespace leadscore::server {

/// Serves each directory under its prefix, earlier mounts first, with content types that include
/// `application/wasm` (browsers compile wasm while downloading only with it) and `no-cache`, so
/// a rebuilt bundle is picked up without renaming files. Errors name a missing directory.
std::optional<Error> MountStaticDirs(httplib::Server& server, const std::vector<StaticMount>& mounts);

}  // namespace leadscore::server

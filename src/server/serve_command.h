#pragma once

#include "serve_options.h"

namespace leadscore::server {

/// `leadscore serve`: runs the lead collector until SIGTERM or SIGINT. Returns the exit code: 0
/// after a clean shutdown, 2 on a startup error (bad config, database or port unavailable), 1 if
/// serving failed later.
int RunServeCommand(const ServeOptions& options);

}  // namespace leadscore::server

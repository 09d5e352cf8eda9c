#pragma once

namespace leadscore::server {

/// `leadscore serve ...`: runs the lead collector until SIGTERM or SIGINT. `argv` holds the
/// arguments after `serve`. Returns the exit code: 0 after a clean shutdown, 2 on a startup
/// error (bad arguments or config, database or port unavailable), 1 if serving failed later.
int RunServeCommand(int argc, char** argv);

}  // namespace leadscore::server

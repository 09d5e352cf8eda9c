// Stands in for `leadscore serve` in builds without the CLI.
#include "serve_command.h"

int main(int argc, char** argv) { return leadscore::server::RunServeCommand(argc - 1, argv + 1); }

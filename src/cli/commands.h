#pragma once

namespace leadscore::cli {

// Each command takes the arguments after its name and returns the process exit code.

/// `leadscore validate CONFIG`
int RunValidateCommand(int argc, char** argv);

/// `leadscore score --config CONFIG [--now MS] [--payload] [EVENTS | -]`
int RunScoreCommand(int argc, char** argv);

/// `leadscore verify --config CONFIG [PAYLOAD | -]`
int RunVerifyCommand(int argc, char** argv);

}  // namespace leadscore::cli

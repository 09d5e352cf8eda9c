#pragma once

#include "command_line.h"

namespace leadscore::cli {

// Each command returns the process exit code; its options come parsed from ParseCommandLine.

int RunValidateCommand(const ValidateRequest& request);
int RunScoreCommand(const ScoreRequest& request);
int RunVerifyCommand(const VerifyRequest& request);

}  // namespace leadscore::cli

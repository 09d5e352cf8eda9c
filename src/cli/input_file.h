#pragma once

#include <string>

#include "leadscore/config.h"
#include "leadscore/result.h"

namespace leadscore::cli {

/// How a file operand is named in messages: the path as given, `<stdin>` for `-`.
std::string DisplayName(const std::string& path);

/// The whole content of `path` (`-` = standard input), read in one go. The error reads
/// `NAME: cannot read: REASON`.
Result<std::string> ReadInput(const std::string& path);

/// Reads and validates a config. Every error is one line, `NAME: $.json.path: message`, the form
/// all commands print.
Result<Config> LoadConfig(const std::string& path);

}  // namespace leadscore::cli

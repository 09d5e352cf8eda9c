#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "leadscore/config.h"
#include "leadscore/result.h"

// Reading the files the commands are given, for the CLI and the collector alike, so that a
// missing, unreadable or oversized file reads the same in every command.
namespace leadscore::io {

/// A size no file reaches: event logs are read whatever their size.
inline constexpr size_t kAnySize = std::numeric_limits<size_t>::max();

/// The largest settings file (a site config, a forwarding file, a secret) read. They are written by
/// people and weigh kilobytes; past this a path names the wrong file (a log, a disk image,
/// /dev/zero), which is refused before it fills the memory.
inline constexpr size_t kMaxSettingsFileBytes = size_t{64} << 20;

/// How a file operand is named in messages: the path as given, `<stdin>` for `-`.
std::string DisplayName(const std::string& path);

/// The whole content of `path` (`-` = standard input), read in one go, or one error reading
/// `NAME: cannot read: REASON` (the system's reason, or `larger than N MiB` past `max_bytes`).
Result<std::string> ReadInput(const std::string& path, size_t max_bytes = kAnySize);

/// Errors found in the content of `path`, each as `NAME: $.json.path: message`, the form every
/// command prints.
std::vector<Error> InFile(const std::string& path, const std::vector<Error>& errors);

/// Reads and validates a site config; every error is one line, `NAME: …`.
Result<Config> LoadConfig(const std::string& path);

}  // namespace leadscore::io

#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace leadscore::cli {

/// One event's JSON text inside an event log and the 1-based line where it starts.
struct EventText {
  std::string_view json;
  size_t line = 0;
};

/// A flaw in the log's structure (not in one event), at a 1-based line.
struct LogProblem {
  size_t line = 0;
  std::string message;
};

/// Finds the events of a log given as JSON Lines or as one JSON array, decided by the first
/// non-space character (`[` = array). Blank lines of JSON Lines are skipped. Array elements are
/// located without parsing them (strings and escapes are respected), so each event is parsed on
/// its own and its errors point at its line. `on_event` sees the events in log order. A structural
/// problem of an array (unterminated, an empty element, text after `]`) ends the split; events
/// found before it have been passed on.
std::vector<LogProblem> SplitEventLog(std::string_view log,
                                      const std::function<void(const EventText&)>& on_event);

}  // namespace leadscore::cli

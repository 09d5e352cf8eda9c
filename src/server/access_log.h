#pragma once

#include <cstdint>
#include <string>

namespace leadscore::server {

/// One request as the access log records it: never the lead's contents, only what operating the
/// collector needs.
struct AccessLogEntry {
  int64_t time_ms = 0;  // ms since epoch, when the request was answered
  std::string method;
  std::string path;  // without the query string, which may carry cursors and filters
  int status = 0;
  double ms = 0;  // time spent answering
  std::string remote;
};

/// The entry as one line of JSON, newline included.
std::string FormatAccessLogLine(const AccessLogEntry& entry);

/// Writes the line to stderr in one write so lines from concurrent requests never interleave.
void WriteAccessLog(const AccessLogEntry& entry);

/// Writes a non-request event (`level` "error", "info") as a JSON line in the same stream.
void WriteEventLog(const std::string& level, const std::string& message);

/// An ISO 8601 UTC timestamp with milliseconds (`2026-11-23T16:19:14.123Z`).
std::string FormatUtcTime(int64_t time_ms);

}  // namespace leadscore::server

#include "access_log.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "json_text.h"

namespace leadscore::server {

std::string FormatUtcTime(int64_t time_ms) {
  time_t seconds = static_cast<time_t>(time_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(time_ms % 1000));
  return buffer;
}

std::string FormatAccessLogLine(const AccessLogEntry& entry) {
  nlohmann::ordered_json line = {
      {"time", FormatUtcTime(entry.time_ms)},
      {"method", entry.method},
      {"path", entry.path},
      {"status", entry.status},
      {"ms", std::round(entry.ms * 1000) / 1000},
      {"remote", entry.remote},
  };
  return JsonText(line) + "\n";
}

namespace {

void WriteLine(const std::string& line) {
  // A failed or short write to stderr is not worth failing a request over.
  ssize_t ignored = write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace

void WriteAccessLog(const AccessLogEntry& entry) { WriteLine(FormatAccessLogLine(entry)); }

void WriteEventLog(const std::string& level, const std::string& message) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  nlohmann::ordered_json line = {{"time", FormatUtcTime(now.count())}, {"level", level}, {"message", message}};
  WriteLine(JsonText(line) + "\n");
}

}  // namespace leadscore::server

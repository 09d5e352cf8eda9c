#include "lead_query.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace leadscore::server {
namespace {

constexpr int64_t kDefaultPageSize = 50;

std::optional<int64_t> ParseInteger(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno || *end) return std::nullopt;
  return value;
}

std::string HexEncode(const std::string& text) {
  static const char* kDigits = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : text) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  return hex;
}

std::optional<std::string> HexDecode(const std::string& hex) {
  if (hex.size() % 2) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string text;
  for (size_t n = 0; n < hex.size(); n += 2) {
    int high = digit(hex[n]), low = digit(hex[n + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    text += static_cast<char>(high * 16 + low);
  }
  return text;
}

}  // namespace

std::string EncodeCursor(const LeadRecord& row) {
  return std::to_string(row.received_at) + "." + HexEncode(row.id);
}

std::optional<std::pair<int64_t, std::string>> DecodeCursor(const std::string& cursor) {
  size_t dot = cursor.find('.');
  if (dot == std::string::npos) return std::nullopt;
  auto received = ParseInteger(cursor.substr(0, dot));
  auto id = HexDecode(cursor.substr(dot + 1));
  if (!received || !id || id->empty()) return std::nullopt;
  return std::make_pair(*received, *id);
}

std::optional<int64_t> ParseTimestamp(const std::string& text) {
  if (auto ms = ParseInteger(text)) return *ms >= 0 ? ms : std::nullopt;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0, used = 0;
  bool parsed = false;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &used) == 3 &&
      static_cast<size_t>(used) == text.size()) {
    parsed = true;
  } else if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &year, &month, &day, &hour, &minute,
                         &second, &used) == 6 &&
             static_cast<size_t>(used) == text.size()) {
    parsed = true;
  } else if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &year, &month, &day, &hour,
                         &minute, &second, &millis, &used) == 7 &&
             static_cast<size_t>(used) == text.size()) {
    parsed = true;
  }
  if (!parsed || year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm utc{};
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = hour;
  utc.tm_min = minute;
  utc.tm_sec = second;
  return static_cast<int64_t>(timegm(&utc)) * 1000 + millis;
}

Result<LeadQuery> ParseLeadQuery(const Params& params) {
  LeadQuery query;
  query.limit = kDefaultPageSize;
  std::vector<Error> errors;
  auto value = [&](const char* name) -> std::optional<std::string> {
    auto it = params.find(name);
    if (it == params.end()) return std::nullopt;
    return it->second;
  };
  if (auto limit = value("limit")) {
    auto number = ParseInteger(*limit);
    if (number && *number >= 1 && *number <= kMaxPageSize) query.limit = *number;
    else errors.push_back(Error{"limit", "expected 1-" + std::to_string(kMaxPageSize) + ", got '" + *limit + "'"});
  }
  if (auto offset = value("offset")) {
    auto number = ParseInteger(*offset);
    if (number && *number >= 0) query.offset = *number;
    else errors.push_back(Error{"offset", "expected a non-negative integer, got '" + *offset + "'"});
  }
  if (auto cursor = value("cursor")) {
    query.after = DecodeCursor(*cursor);
    if (!query.after) errors.push_back(Error{"cursor", "not a cursor this collector issued"});
    if (value("offset")) errors.push_back(Error{"cursor", "cannot be combined with offset"});
  }
  if (auto stage = value("stage")) {
    if (stage->empty()) errors.push_back(Error{"stage", "expected a stage name"});
    else query.stage = *stage;
  }
  if (auto since = value("since")) {
    query.since = ParseTimestamp(*since);
    if (!query.since) {
      errors.push_back(Error{"since", "expected ms since epoch or an ISO 8601 UTC time, got '" + *since + "'"});
    }
  }
  if (auto order = value("order")) {
    if (*order == "asc") query.ascending = true;
    else if (*order != "desc") errors.push_back(Error{"order", "expected 'asc' or 'desc', got '" + *order + "'"});
  }
  if (!errors.empty()) return errors;
  return query;
}

}  // namespace leadscore::server

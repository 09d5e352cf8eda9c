#include "lead_query.h"

#include <cerrno>
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
  // `YYYY-MM-DD`, optionally `THH:MM:SS`, optionally `.f` to `.fff`, then `Z`: digits exactly
  // where the form has them (no sign, no space), so that what is read is what was written.
  size_t at = 0;
  auto digits = [&](size_t count) -> std::optional<int> {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (size_t end = at + count; at < end; ++at) {
      if (text[at] < '0' || text[at] > '9') return std::nullopt;
      value = value * 10 + (text[at] - '0');
    }
    return value;
  };
  auto literal = [&](char c) {
    if (at >= text.size() || text[at] != c) return false;
    ++at;
    return true;
  };
  std::optional<int> year = digits(4), month, day, hour = 0, minute = 0, second = 0;
  int millis = 0;
  if (!year || !literal('-') || !(month = digits(2)) || !literal('-') || !(day = digits(2))) return std::nullopt;
  if (at < text.size()) {
    if (!literal('T') || !(hour = digits(2)) || !literal(':') || !(minute = digits(2)) || !literal(':') ||
        !(second = digits(2))) {
      return std::nullopt;
    }
    if (literal('.')) {
      size_t fraction = 0;
      for (int scale = 100; fraction < 3 && at < text.size() && text[at] >= '0' && text[at] <= '9'; scale /= 10) {
        millis += (text[at++] - '0') * scale;
        ++fraction;
      }
      if (fraction == 0) return std::nullopt;
    }
    if (!literal('Z') || at != text.size()) return std::nullopt;
  }
  if (*year < 1970 || *month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 ||
      *second > 60) {
    return std::nullopt;
  }
  std::tm utc{};
  utc.tm_year = *year - 1900;
  utc.tm_mon = *month - 1;
  utc.tm_mday = *day;
  utc.tm_hour = *hour;
  utc.tm_min = *minute;
  utc.tm_sec = *second;
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

// The admin listing's query (`GET /leads?limit=…&cursor=…&since=…`) on arbitrary bytes, read as
// `&`-separated `name=value` pairs: every query gets a LeadQuery or errors naming a parameter, a
// cursor that decodes is one EncodeCursor gives back unchanged, and a `since` is never before 1970.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "lead_query.h"

namespace {

std::multimap<std::string, std::string> SplitQuery(std::string_view query) {
  std::multimap<std::string, std::string> params;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    params.emplace(std::string(pair.substr(0, eq)), eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return params;
}

[[noreturn]] void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace leadscore::server;

  leadscore::Result<LeadQuery> query = ParseLeadQuery(SplitQuery(input));
  if (query.ok()) {
    const LeadQuery& read = query.value();
    if (read.limit < 1 || read.limit > kMaxPageSize || read.offset < 0) Fail("limit or offset out of range", input);
    if (read.since && *read.since < 0) Fail("since before 1970", input);
  } else {
    for (const leadscore::Error& error : query.errors()) {
      if (error.path.empty()) Fail("an error without its parameter", input);
    }
  }

  std::string text(input);
  if (auto cursor = DecodeCursor(text)) {
    LeadRecord row;
    row.received_at = cursor->first;
    row.id = cursor->second;
    auto again = DecodeCursor(EncodeCursor(row));
    if (!again || *again != *cursor) Fail("a decoded cursor does not survive encoding", input);
  }
  if (auto ms = ParseTimestamp(text); ms && *ms < 0) Fail("a timestamp before 1970", input);
  return 0;
}

#pragma once

#include <optional>
#include <string>

#include "http_types.h"
#include "lead_store.h"
#include "leadscore/result.h"

namespace leadscore::server {

/// The most leads one GET /leads page returns.
inline constexpr int64_t kMaxPageSize = 500;

/// Reads `limit`, `cursor` or `offset`, `stage`, `since` (ms since epoch or an ISO 8601 UTC date
/// or time) and `order` (`desc`, the default, or `asc`). Errors name the parameter as their path.
Result<LeadQuery> ParseLeadQuery(const Params& params);

/// The opaque cursor that continues a listing after `row`.
std::string EncodeCursor(const LeadRecord& row);

/// The position a cursor encodes, or nullopt when it is not one of ours.
std::optional<std::pair<int64_t, std::string>> DecodeCursor(const std::string& cursor);

/// ms since epoch from `1700000000000`, `2026-11-23`, `2026-11-23T16:19:14Z` or with `.123Z`.
std::optional<int64_t> ParseTimestamp(const std::string& text);

}  // namespace leadscore::server

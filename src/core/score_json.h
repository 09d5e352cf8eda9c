#pragma once

#include "json_writer.h"
#include "leadscore/score.h"

namespace leadscore::detail {

/// Writes the breakdown as a JSON array of `{rule, kind, points, count}`.
void WriteBreakdown(JsonWriter& out, const std::vector<BreakdownEntry>& breakdown);

}  // namespace leadscore::detail

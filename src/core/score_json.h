#pragma once

#include "json_path.h"
#include "leadscore/score.h"

namespace leadscore::detail {

OrderedJson BreakdownToJson(const std::vector<BreakdownEntry>& breakdown);
OrderedJson ScoreToOrderedJson(const Score& score);

}  // namespace leadscore::detail

#include "score_json.h"

namespace leadscore {
namespace detail {

OrderedJson BreakdownToJson(const std::vector<BreakdownEntry>& breakdown) {
  OrderedJson list = OrderedJson::array();
  for (const BreakdownEntry& entry : breakdown) {
    list.push_back({{"rule", entry.rule},
                    {"kind", entry.kind == RuleKind::kEngagement ? "engagement" : "fit"},
                    {"points", entry.points},
                    {"count", entry.count}});
  }
  return list;
}

OrderedJson ScoreToOrderedJson(const Score& score) {
  OrderedJson gates = OrderedJson::array();
  for (const GateState& gate : score.gates) gates.push_back({{"id", gate.id}, {"locked", gate.locked}});
  OrderedJson json;
  json["total"] = score.total;
  json["engagement"] = score.engagement;
  json["fit"] = score.fit;
  json["stage"] = score.stage;
  json["grade"] = score.grade;
  json["qualified"] = score.qualified;
  json["reasons"] = score.reasons;
  json["breakdown"] = BreakdownToJson(score.breakdown);
  json["gates"] = std::move(gates);
  return json;
}

}  // namespace detail

std::string ScoreToJson(const Score& score) { return detail::DumpJson(detail::ScoreToOrderedJson(score)); }

}  // namespace leadscore

#include "score_json.h"

namespace leadscore {
namespace detail {

void WriteBreakdown(JsonWriter& out, const std::vector<BreakdownEntry>& breakdown) {
  out.BeginArray();
  for (const BreakdownEntry& entry : breakdown) {
    out.BeginObject();
    out.Key("rule").String(entry.rule);
    out.Key("kind").String(entry.kind == RuleKind::kEngagement ? "engagement" : "fit");
    out.Key("points").Double(entry.points);
    out.Key("count").Integer(entry.count);
    out.EndObject();
  }
  out.EndArray();
}

}  // namespace detail

std::string ScoreToJson(const Score& score) {
  detail::JsonWriter out;
  out.BeginObject();
  out.Key("total").Double(score.total);
  out.Key("engagement").Double(score.engagement);
  out.Key("fit").Double(score.fit);
  out.Key("stage").String(score.stage);
  out.Key("grade").String(score.grade);
  out.Key("qualified").Bool(score.qualified);
  out.Key("reasons").BeginArray();
  for (const std::string& reason : score.reasons) out.String(reason);
  out.EndArray();
  detail::WriteBreakdown(out.Key("breakdown"), score.breakdown);
  out.Key("gates").BeginArray();
  for (const GateState& gate : score.gates) {
    out.BeginObject().Key("id").String(gate.id).Key("locked").Bool(gate.locked).EndObject();
  }
  out.EndArray();
  out.EndObject();
  return out.Take();
}

}  // namespace leadscore

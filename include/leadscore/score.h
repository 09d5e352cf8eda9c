#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leadscore {

enum class RuleKind { kEngagement, kFit };

/// One rule's part in a score: its contribution after its cap, and the occurrences it counted.
struct BreakdownEntry {
  std::string rule;
  RuleKind kind = RuleKind::kEngagement;
  double points = 0;  // rounded to 0.01
  int64_t count = 0;
};

struct GateState {
  std::string id;
  bool locked = true;
};

/// The result of scoring a session (docs/config.md, "The Score"). Numbers are rounded to 0.01, halves away from zero.
struct Score {
  double total = 0;
  double engagement = 0;
  double fit = 0;
  std::string stage = "visitor";
  std::string grade = "D";
  bool qualified = false;
  std::vector<std::string> reasons;  // why not qualified, in the order docs/config.md lists them
  std::vector<BreakdownEntry> breakdown;
  std::vector<GateState> gates;
};

/// The Score as a JSON object.
std::string ScoreToJson(const Score& score);

}  // namespace leadscore

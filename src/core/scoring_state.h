#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fit.h"
#include "leadscore/config.h"
#include "leadscore/event.h"
#include "leadscore/score.h"
#include "rule_accumulator.h"

namespace leadscore::detail {

/// Everything a session's score depends on, folded from its events in `t` order.
class ScoringState {
 public:
  explicit ScoringState(const Config& config);

  /// Folds in the next event (not earlier than the previous one), and any deck_complete it causes.
  void Apply(const Event& event);

  Score ComputeScore(int64_t now) const;

  const LeadFieldList& fields() const { return fields_; }

 private:
  struct DeckProgress {
    std::set<int64_t> slides_seen;  // with ms ≥ the deck's minSlideMs
    int64_t largest_of = 0;
    bool complete = false;
  };

  void ApplyRules(const Event& event);
  void TrackDeck(const Event& event);
  void MergeFields(const Event& event);
  bool Matches(const EngagementRule& rule, const Event& event) const;

  const Config* config_;  // owned by the session, which outlives its state
  std::vector<RuleAccumulator> accumulators_;                  // one per engagement rule
  std::vector<std::vector<size_t>> rules_by_type_;             // EventType → rule indexes
  std::map<std::string, DeckProgress> decks_;
  LeadFieldList fields_;
  std::set<std::string> forms_submitted_;
  int64_t visits_ = 0;
  bool consent_granted_ = false;
  bool honeypot_filled_ = false;
  bool filled_too_fast_ = false;
  bool webdriver_seen_ = false;
};

}  // namespace leadscore::detail

#include "scoring_state.h"

#include <algorithm>
#include <cmath>

#include "glob.h"
#include "rounding.h"
#include "text.h"

namespace leadscore::detail {
namespace {

constexpr double kMsPerDay = 86'400'000.0;
constexpr size_t kEventTypeCount = static_cast<size_t>(EventType::kDeckComplete) + 1;

bool InRange(const Range& range, double value) {
  return (!range.gte || value >= *range.gte) && (!range.lte || value <= *range.lte);
}

bool GlobHolds(const std::optional<std::string>& pattern, const std::string& value) {
  return !pattern || GlobMatch(*pattern, value);
}

// The item `distinct` counts once (docs/config.md, "Counting").
std::string DistinctItem(const Event& event, int64_t visit_ordinal) {
  switch (event.type) {
    case EventType::kContentView:
    case EventType::kClick:
    case EventType::kDownload: return event.id;
    case EventType::kSlideView: return event.deck + '\x1f' + std::to_string(event.slide);
    case EventType::kPageView: return event.path;
    case EventType::kFormView:
    case EventType::kFormStart:
    case EventType::kFormSubmit: return event.form;
    case EventType::kCustom: return event.name;
    case EventType::kDeckComplete: return event.deck;
    case EventType::kVisit: return std::to_string(visit_ordinal);
    case EventType::kConsent: return "";
  }
  return "";
}

double Clamp(double value, double low, double high) { return std::min(std::max(value, low), high); }

std::string GradeFor(double fit, double fit_cap) {
  double share = fit / fit_cap;
  if (share >= 0.75) return "A";
  if (share >= 0.5) return "B";
  if (share >= 0.25) return "C";
  return "D";
}

}  // namespace

ScoringState::ScoringState(const Config& config) : config_(&config), rules_by_type_(kEventTypeCount) {
  accumulators_.reserve(config.engagement_rules.size());
  for (size_t i = 0; i < config.engagement_rules.size(); ++i) {
    const EngagementRule& rule = config.engagement_rules[i];
    double half_life_days = rule.half_life_days.value_or(config.half_life_days);
    accumulators_.emplace_back(rule.points, half_life_days * kMsPerDay, rule.distinct, rule.max_times);
    rules_by_type_[static_cast<size_t>(rule.on)].push_back(i);
  }
}

void ScoringState::Apply(const Event& event) {
  switch (event.type) {
    case EventType::kVisit: ++visits_; break;
    case EventType::kConsent: consent_granted_ = event.granted; break;
    case EventType::kFormSubmit: MergeFields(event); break;
    default: break;
  }
  ApplyRules(event);
  if (event.type == EventType::kSlideView) TrackDeck(event);
}

bool ScoringState::Matches(const EngagementRule& rule, const Event& event) const {
  const Where& where = rule.where;
  if (event.ms < rule.min_ms) return false;
  if (!GlobHolds(where.id, event.id) || !GlobHolds(where.deck, event.deck) ||
      !GlobHolds(where.form, event.form) || !GlobHolds(where.name, event.name) ||
      !GlobHolds(where.path, event.path)) {
    return false;
  }
  if (!where.tags.empty() &&
      std::none_of(where.tags.begin(), where.tags.end(), [&](const std::string& tag) {
        return std::find(event.tags.begin(), event.tags.end(), tag) != event.tags.end();
      })) {
    return false;
  }
  if (where.slide && !InRange(*where.slide, static_cast<double>(event.slide))) return false;
  if (where.nth && !InRange(*where.nth, static_cast<double>(visits_))) return false;
  return true;
}

void ScoringState::ApplyRules(const Event& event) {
  for (size_t index : rules_by_type_[static_cast<size_t>(event.type)]) {
    const EngagementRule& rule = config_->engagement_rules[index];
    if (!Matches(rule, event)) continue;
    accumulators_[index].Add(event.t, rule.distinct ? DistinctItem(event, visits_) : std::string());
  }
}

void ScoringState::TrackDeck(const Event& event) {
  DeckProgress& progress = decks_[event.deck];
  if (progress.complete) return;
  auto settings = config_->decks.find(event.deck);
  DeckSettings deck = settings != config_->decks.end() ? settings->second : DeckSettings{};
  progress.largest_of = std::max(progress.largest_of, event.of);
  if (event.ms >= deck.min_slide_ms) progress.slides_seen.insert(event.slide);
  int64_t slides = deck.slides.value_or(progress.largest_of);
  if (slides <= 0) return;
  // 1e-9 absorbs products such as 0.3 × 10 = 3.0000000000000004 that would otherwise round up.
  auto needed = static_cast<size_t>(std::ceil(deck.complete_ratio * static_cast<double>(slides) - 1e-9));
  if (progress.slides_seen.size() < std::max<size_t>(needed, 1)) return;
  progress.complete = true;
  Event complete;
  complete.type = EventType::kDeckComplete;
  complete.t = event.t;
  complete.deck = event.deck;
  ApplyRules(complete);
}

void ScoringState::MergeFields(const Event& event) {
  forms_submitted_.insert(event.form);
  if (event.honeypot && !Trim(*event.honeypot).empty()) honeypot_filled_ = true;
  if (event.fill_ms && *event.fill_ms < config_->qualify.min_fill_ms) filled_too_fast_ = true;
  if (event.webdriver.value_or(false)) webdriver_seen_ = true;
  for (const auto& [name, value] : event.fields) {
    auto existing = std::find_if(fields_.begin(), fields_.end(),
                                 [&name = name](const auto& field) { return field.first == name; });
    if (existing == fields_.end()) {
      fields_.emplace_back(name, value);
    } else if (!value.text.empty()) {  // a blank value never overwrites a non-blank one
      existing->second = value;
    }
  }
}

Score ScoringState::ComputeScore(int64_t now) const {
  Score score;
  double engagement_sum = 0;
  for (size_t i = 0; i < accumulators_.size(); ++i) {
    const RuleAccumulator& accumulator = accumulators_[i];
    if (accumulator.count() == 0) continue;
    const EngagementRule& rule = config_->engagement_rules[i];
    double contribution = accumulator.Value(now);
    if (rule.cap) contribution = Clamp(contribution, -*rule.cap, *rule.cap);
    engagement_sum += contribution;
    score.breakdown.push_back({rule.id, RuleKind::kEngagement, RoundToCents(contribution), accumulator.count()});
  }
  double fit_sum = 0;
  bool disqualified = false;
  for (const FitRule& rule : config_->fit_rules) {
    if (!FitRuleMatches(rule, fields_, config_->free_email_domains)) continue;
    fit_sum += rule.points;
    disqualified = disqualified || rule.disqualify;
    score.breakdown.push_back({rule.id, RuleKind::kFit, RoundToCents(rule.points), 1});
  }
  double engagement = Clamp(engagement_sum, 0, config_->engagement_cap);
  double fit = Clamp(fit_sum, 0, config_->fit_cap);
  score.engagement = RoundToCents(engagement);
  score.fit = RoundToCents(fit);
  score.total = RoundToCents(engagement + fit);
  score.grade = GradeFor(score.fit, config_->fit_cap);

  const Threshold* reached = nullptr;
  const Threshold* required = nullptr;
  for (const Threshold& threshold : config_->thresholds) {
    if (score.total >= threshold.value) reached = &threshold;
    if (threshold.name == config_->qualify.stage) required = &threshold;
  }
  score.stage = reached ? reached->name : "visitor";

  const FieldValue* email = FindField(fields_, "email");
  if (!email || !IsValidEmail(email->text)) score.reasons.push_back("no_email");
  if (!required || !reached || reached->value < required->value) score.reasons.push_back("below_stage");
  if (disqualified) score.reasons.push_back("disqualified");
  if (config_->qualify.require_consent && !consent_granted_) score.reasons.push_back("no_consent");
  if (honeypot_filled_) score.reasons.push_back("bot_honeypot");
  if (filled_too_fast_) score.reasons.push_back("bot_too_fast");
  if (config_->qualify.reject_webdriver && webdriver_seen_) score.reasons.push_back("bot_webdriver");
  score.qualified = score.reasons.empty();

  for (const Gate& gate : config_->gates) {
    score.gates.push_back({gate.id, forms_submitted_.count(gate.form) == 0});
  }
  return score;
}

}  // namespace leadscore::detail

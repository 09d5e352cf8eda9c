#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadscore/event.h"
#include "leadscore/result.h"

namespace leadscore {

/// A number compared exactly (`gte == lte`) or within an inclusive range; an unset end is open.
struct Range {
  std::optional<double> gte;
  std::optional<double> lte;
};

/// Conditions an event must meet for an engagement rule; unset keys always hold.
struct Where {
  std::optional<std::string> id, deck, form, name, path;  // globs: `*` is any run of characters
  std::vector<std::string> tags;                           // any of them in the event's tags
  std::optional<Range> slide, nth;
};

/// Points for behaviour, decaying with time.
struct EngagementRule {
  std::string id;
  EventType on = EventType::kPageView;
  Where where;
  double points = 0;
  int64_t min_ms = 0;
  bool distinct = false;
  std::optional<int64_t> max_times;
  std::optional<double> cap;             // limits the rule's contribution to ±cap
  std::optional<double> half_life_days;  // overrides the config's; 0 = no decay
};

enum class FitOp { kExists, kEquals, kContains, kGte, kLte, kBetween, kDomainIn, kFreeEmail, kBusinessEmail };

/// Points for who the lead is, from the submitted form fields. Fit never decays.
struct FitRule {
  std::string id;
  std::string field;
  FitOp op = FitOp::kExists;
  std::vector<FieldValue> values;  // equals, contains, domain_in: any of these (strings lower-cased)
  double low = 0, high = 0;        // gte: low; lte: high; between: [low, high]
  double points = 0;
  bool disqualify = false;
};

/// A named stage the total can reach (`mql`, `sql`, …).
struct Threshold {
  std::string name;
  double value = 0;
};

struct DeckSettings {
  std::optional<int64_t> slides;
  double complete_ratio = 0.8;
  int64_t min_slide_ms = 0;
};

/// Locks slides ≥ at_slide of `deck` (or the content block `content`) until `form` is submitted.
struct Gate {
  std::string id;
  std::string deck;
  int64_t at_slide = 0;
  std::string content;
  std::string form;
};

struct QualifySettings {
  std::string stage = "mql";
  bool require_consent = true;
  int64_t min_fill_ms = 1500;
  bool reject_webdriver = true;
};

/// How the page script decides that a content block was really seen.
struct ContentSettings {
  double min_visible_ratio = 0.5;
  int64_t min_visible_ms = 1000;
  int64_t idle_ms = 30000;
};

struct SubmitSettings {
  std::string endpoint = "/leads";
  std::string format = "json";
  int64_t max_events = 1000;
  std::vector<std::string> allowed_origins;  // CORS origins the collector answers; `*` for any
  std::vector<std::string> fields;           // lead fields to send besides the fit rules' (`submit.fields`)
  // The collector takes a lead stamped from max_age_ms before its clock to max_clock_skew_ms after
  // it: an outbox may hold a lead for weeks until the visitor returns; clocks drift by minutes.
  int64_t max_age_ms = 30LL * 24 * 60 * 60 * 1000;
  int64_t max_clock_skew_ms = 5 * 60 * 1000;
};

/// A validated scoring config (docs/config.md).
struct Config {
  int version = 1;
  std::string site;
  std::string revision;
  std::vector<Threshold> thresholds;  // ascending by value, values distinct
  double half_life_days = 0;          // 0 = no decay
  double engagement_cap = 100;
  std::vector<EngagementRule> engagement_rules;
  double fit_cap = 100;
  std::vector<FitRule> fit_rules;
  std::vector<std::string> free_email_domains;  // in addition to the built-in list, lower-cased
  std::map<std::string, DeckSettings> decks;
  std::vector<Gate> gates;
  QualifySettings qualify;
  ContentSettings content;
  SubmitSettings submit;
};

/// Parses and validates a config, reporting every error at once (`$.engagement.rules[2].points:
/// expected a number`); malformed JSON is reported with its line and column.
Result<Config> ParseConfig(std::string_view json);

/// The form fields a lead may carry: `email`, then every fit rule's field, then `submit.fields`,
/// each once, in that order. The page script captures no other field.
std::vector<std::string> LeadFieldNames(const Config& config);

}  // namespace leadscore

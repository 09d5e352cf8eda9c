#pragma once

// The config reader, written once for every JSON value (json_reader.h): natively over an nlohmann
// tree (config_parser.cpp), in the browser over the JavaScript object JSON.parse made
// (src/wasm). Every error carries its JSON path; defaults are the Config's own (config.h).
#include <algorithm>
#include <set>

#include "config_limits.h"
#include "event_reader.h"
#include "json_reader.h"
#include "leadscore/config.h"
#include "text.h"

namespace leadscore::detail {
namespace config_reader {

inline const std::vector<std::string_view> kEngagementOnlyKeys = {"on", "where", "distinct", "maxTimes",
                                                           "cap", "halfLifeDays", "minMs"};
inline const std::vector<std::string_view> kFitOnlyKeys = {"field", "op", "value", "disqualify"};

struct FitOpName {
  FitOp op;
  std::string_view name;
};
inline constexpr FitOpName kFitOps[] = {
    {FitOp::kExists, "exists"},         {FitOp::kEquals, "equals"},
    {FitOp::kContains, "contains"},     {FitOp::kGte, "gte"},
    {FitOp::kLte, "lte"},               {FitOp::kBetween, "between"},
    {FitOp::kDomainIn, "domain_in"},    {FitOp::kFreeEmail, "free_email"},
    {FitOp::kBusinessEmail, "business_email"},
};

// Which `where` keys make sense for which event type (docs/config.md, "Matching").
inline bool WhereKeyApplies(std::string_view key, EventType on) {
  switch (on) {
    case EventType::kPageView: return key == "path";
    case EventType::kContentView:
    case EventType::kClick:
    case EventType::kDownload: return key == "id" || key == "tag";
    case EventType::kSlideView: return key == "deck" || key == "slide";
    case EventType::kDeckComplete: return key == "deck";
    case EventType::kFormView:
    case EventType::kFormStart:
    case EventType::kFormSubmit: return key == "form";
    case EventType::kCustom: return key == "name";
    case EventType::kVisit: return key == "nth";
    case EventType::kConsent: return false;
  }
  return false;
}

inline bool IsIn(const std::vector<std::string_view>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

template <class Value>
class ConfigParser {
 public:
  explicit ConfigParser(std::vector<Error>& errors) : errors_(errors) {}

  Config Parse(const Value& root) {
    Config config;
    ObjectReader<Value> reader(root, "$", errors_);
    reader.RejectUnknownKeys({"$schema", "version", "site", "revision", "thresholds", "decay",
                              "engagement", "fit", "decks", "gates", "qualify", "content", "submit"});
    // The JSON Schema an editor validates and completes the file with; the core only checks its type.
    reader.String("$schema", Need::kOptional);
    if (auto version = reader.Integer("version", Need::kRequired)) {
      if (*version != 1) reader.Fail("version", "must be 1");
    }
    if (auto site = reader.String("site", Need::kOptional, true)) config.site = *site;
    if (auto revision = reader.String("revision", Need::kOptional, true)) config.revision = *revision;
    if (auto thresholds = reader.Object("thresholds", Need::kRequired)) {
      ParseThresholds(*thresholds, reader.PathOf("thresholds"), config);
    }
    if (auto decay = reader.Object("decay", Need::kOptional)) {
      ObjectReader<Value> decay_reader(*decay, reader.PathOf("decay"), errors_);
      decay_reader.RejectUnknownKeys({"halfLifeDays"});
      if (auto half_life = NonNegative(decay_reader, "halfLifeDays")) config.half_life_days = *half_life;
    }
    if (auto engagement = reader.Object("engagement", Need::kOptional)) {
      ParseEngagement(*engagement, reader.PathOf("engagement"), config);
    }
    if (auto fit = reader.Object("fit", Need::kOptional)) {
      ParseFit(*fit, reader.PathOf("fit"), config);
    }
    if (auto decks = reader.Object("decks", Need::kOptional)) {
      ParseDecks(*decks, reader.PathOf("decks"), config);
    }
    if (auto gates = reader.Array("gates", Need::kOptional)) {
      ParseGates(*gates, reader.PathOf("gates"), config);
    }
    ParseQualify(root, reader, config);
    if (auto content = reader.Object("content", Need::kOptional)) {
      ParseContent(*content, reader.PathOf("content"), config.content);
    }
    if (auto submit = reader.Object("submit", Need::kOptional)) {
      ParseSubmit(*submit, reader.PathOf("submit"), config.submit);
    }
    return config;
  }

 private:
  // Calls `parse(element, path)` for each object in `array`; reports every other element.
  template <class Parse>
  void ForEachObject(const Value& array, const std::string& path, Parse parse) {
    for (size_t i = 0; i < array.Size(); ++i) {
      std::string element_path = JoinIndex(path, i);
      Value element = array.At(i);
      if (element.IsObject()) {
        parse(element, element_path);
      } else {
        errors_.push_back({element_path, "expected an object"});
      }
    }
  }

  std::optional<double> NonNegative(const ObjectReader<Value>& reader, std::string_view key) {
    std::optional<double> value = reader.Number(key, Need::kOptional);
    if (value && *value < 0) {
      reader.Fail(key, "must not be negative");
      return std::nullopt;
    }
    return value;
  }

  std::optional<double> Positive(const ObjectReader<Value>& reader, std::string_view key) {
    std::optional<double> value = reader.Number(key, Need::kOptional);
    if (value && *value <= 0) {
      reader.Fail(key, "must be greater than 0");
      return std::nullopt;
    }
    return value;
  }

  std::optional<double> Ratio(const ObjectReader<Value>& reader, std::string_view key) {
    std::optional<double> value = reader.Number(key, Need::kOptional);
    if (value && (*value <= 0 || *value > 1)) {
      reader.Fail(key, "must be greater than 0 and at most 1");
      return std::nullopt;
    }
    return value;
  }

  void ParseThresholds(const Value& thresholds, const std::string& path, Config& config) {
    std::vector<std::string> names = thresholds.Keys();
    if (names.empty()) {
      errors_.push_back({path, "must name at least one threshold, e.g. {\"mql\": 50}"});
      return;
    }
    ObjectReader<Value> reader(thresholds, path, errors_);
    for (const std::string& name : names) {
      std::optional<double> value = reader.Number(name, Need::kRequired);
      if (!value) continue;
      if (name == "visitor") {
        reader.Fail(name, "\"visitor\" is the stage below every threshold and cannot be one");
        continue;
      }
      auto same = std::find_if(config.thresholds.begin(), config.thresholds.end(),
                               [&](const Threshold& t) { return t.value == *value; });
      if (same != config.thresholds.end()) {
        reader.Fail(name, "has the same value as \"" + same->name + "\"; values must differ");
        continue;
      }
      config.thresholds.push_back({name, *value});
    }
    std::sort(config.thresholds.begin(), config.thresholds.end(),
              [](const Threshold& a, const Threshold& b) { return a.value < b.value; });
  }

  void ParseEngagement(const Value& engagement, const std::string& path, Config& config) {
    ObjectReader<Value> reader(engagement, path, errors_);
    reader.RejectUnknownKeys({"cap", "rules"});
    if (auto cap = Positive(reader, "cap")) config.engagement_cap = *cap;
    ReadRules(reader, &ConfigParser::ParseEngagementRule, config.engagement_rules);
  }

  std::optional<EngagementRule> ParseEngagementRule(const Value& json, const std::string& path) {
    size_t errors_before = errors_.size();
    ObjectReader<Value> reader(json, path, errors_);
    CheckRuleKeys(json, reader, kEngagementOnlyKeys, kFitOnlyKeys, "fit");
    EngagementRule rule;
    ReadRuleId(reader, rule.id);
    std::optional<EventType> on;
    if (auto on_name = reader.String("on", Need::kRequired)) {
      on = EventTypeFromName(*on_name);
      if (!on) reader.Fail("on", "unknown event type \"" + *on_name + "\"");
    }
    if (on) rule.on = *on;
    if (auto points = reader.Number("points", Need::kRequired)) rule.points = *points;
    if (auto distinct = reader.Bool("distinct", Need::kOptional)) rule.distinct = *distinct;
    if (auto max_times = reader.Integer("maxTimes", Need::kOptional, 1)) rule.max_times = max_times;
    if (auto cap = NonNegative(reader, "cap")) rule.cap = cap;
    if (auto half_life = NonNegative(reader, "halfLifeDays")) rule.half_life_days = half_life;
    if (reader.Has("minMs")) {
      if (on && *on != EventType::kContentView && *on != EventType::kSlideView) {
        reader.Fail("minMs", "only applies to content_view and slide_view rules");
      } else if (auto min_ms = reader.Integer("minMs", Need::kOptional, 0)) {
        rule.min_ms = *min_ms;
      }
    }
    if (auto where = reader.Object("where", Need::kOptional)) {
      ParseWhere(*where, reader.PathOf("where"), on, rule.where);
    }
    if (errors_.size() != errors_before) return std::nullopt;
    return rule;
  }

  // The `rules` array's objects, each parsed by `parse`; a rule with errors is left out (its
  // errors are reported).
  template <class Rule>
  void ReadRules(ObjectReader<Value>& reader,
                 std::optional<Rule> (ConfigParser::*parse)(const Value&, const std::string&),
                 std::vector<Rule>& rules) {
    auto array = reader.Array("rules", Need::kOptional);
    if (!array) return;
    ForEachObject(*array, reader.PathOf("rules"), [&](const Value& json, const std::string& rule_path) {
      if (auto rule = (this->*parse)(json, rule_path)) rules.push_back(std::move(*rule));
    });
  }

  // A rule's keys: its own kind's, `id` and `points`; a key of the other kind is named as such.
  void CheckRuleKeys(const Value& json, const ObjectReader<Value>& reader, const std::vector<std::string_view>& own,
                     const std::vector<std::string_view>& other, const char* other_kind) {
    for (const std::string& key : json.Keys()) {
      if (IsIn(other, key)) {
        reader.Fail(key, std::string("only applies to ") + other_kind + " rules");
      } else if (!IsIn(own, key) && key != "id" && key != "points") {
        reader.Fail(key, "unknown key");
      }
    }
  }

  void ReadRuleId(const ObjectReader<Value>& reader, std::string& id) {
    std::optional<std::string> value = reader.String("id", Need::kRequired);
    if (!value) return;
    if (!rule_ids_.insert(*value).second) {
      reader.Fail("id", "duplicate rule id \"" + *value + "\"");
    }
    id = *value;
  }

  void ParseWhere(const Value& where, const std::string& path, std::optional<EventType> on,
                  Where& out) {
    ObjectReader<Value> reader(where, path, errors_);
    for (const std::string& key : where.Keys()) {
      Value value = *where.Find(key);
      if (key != "id" && key != "deck" && key != "form" && key != "name" && key != "path" &&
          key != "tag" && key != "slide" && key != "nth") {
        reader.Fail(key, "unknown key");
        continue;
      }
      if (on && !WhereKeyApplies(key, *on)) {
        reader.Fail(key, "does not apply to " + std::string(EventTypeName(*on)) + " rules");
        continue;
      }
      if (key == "tag") {
        if (auto tags = StringOrStrings(value, reader.PathOf(key), errors_)) {
          out.tags = *tags;
        }
      } else if (key == "slide" || key == "nth") {
        if (auto range = ParseRange(value, reader.PathOf(key))) {
          (key == "slide" ? out.slide : out.nth) = range;
        }
      } else if (auto glob = reader.String(key, Need::kRequired)) {
        if (key == "id") out.id = glob;
        if (key == "deck") out.deck = glob;
        if (key == "form") out.form = glob;
        if (key == "name") out.name = glob;
        if (key == "path") out.path = glob;
      }
    }
  }

  std::optional<Range> ParseRange(const Value& value, const std::string& path) {
    if (value.IsNumber()) return Range{value.Number(), value.Number()};
    if (!value.IsObject()) {
      errors_.push_back({path, "expected a number or {\"gte\": a, \"lte\": b}"});
      return std::nullopt;
    }
    ObjectReader<Value> reader(value, path, errors_);
    reader.RejectUnknownKeys({"gte", "lte"});
    Range range{reader.Number("gte", Need::kOptional), reader.Number("lte", Need::kOptional)};
    if (!range.gte && !range.lte) {
      errors_.push_back({path, "needs \"gte\", \"lte\" or both"});
      return std::nullopt;
    }
    if (range.gte && range.lte && *range.gte > *range.lte) {
      errors_.push_back({path, "gte must not be greater than lte"});
      return std::nullopt;
    }
    return range;
  }

  void ParseFit(const Value& fit, const std::string& path, Config& config) {
    ObjectReader<Value> reader(fit, path, errors_);
    reader.RejectUnknownKeys({"cap", "rules", "freeEmailDomains"});
    if (auto cap = Positive(reader, "cap")) config.fit_cap = *cap;
    if (auto domains = reader.Array("freeEmailDomains", Need::kOptional)) {
      if (auto list = StringOrStrings(*domains, reader.PathOf("freeEmailDomains"), errors_)) {
        for (const auto& domain : *list) config.free_email_domains.push_back(ToLower(domain));
      }
    }
    ReadRules(reader, &ConfigParser::ParseFitRule, config.fit_rules);
  }

  std::optional<FitRule> ParseFitRule(const Value& json, const std::string& path) {
    size_t errors_before = errors_.size();
    ObjectReader<Value> reader(json, path, errors_);
    CheckRuleKeys(json, reader, kFitOnlyKeys, kEngagementOnlyKeys, "engagement");
    FitRule rule;
    ReadRuleId(reader, rule.id);
    if (auto field = reader.String("field", Need::kRequired)) rule.field = *field;
    if (auto points = reader.Number("points", Need::kOptional)) rule.points = *points;
    if (auto disqualify = reader.Bool("disqualify", Need::kOptional)) rule.disqualify = *disqualify;
    std::optional<std::string> op_name = reader.String("op", Need::kRequired);
    if (op_name) {
      auto op = std::find_if(std::begin(kFitOps), std::end(kFitOps),
                             [&](const FitOpName& entry) { return entry.name == *op_name; });
      if (op == std::end(kFitOps)) {
        reader.Fail("op", "unknown op \"" + *op_name +
                              "\"; expected exists, equals, contains, gte, lte, between, domain_in, "
                              "free_email or business_email");
      } else {
        rule.op = op->op;
        ParseFitValue(json, reader, rule);
      }
    }
    if (errors_.size() != errors_before) return std::nullopt;
    return rule;
  }

  void ParseFitValue(const Value& json, const ObjectReader<Value>& reader, FitRule& rule) {
    bool takes_value = rule.op != FitOp::kExists && rule.op != FitOp::kFreeEmail &&
                       rule.op != FitOp::kBusinessEmail;
    std::string op_name;
    for (const auto& entry : kFitOps) {
      if (entry.op == rule.op) op_name = entry.name;
    }
    if (!takes_value) {
      if (reader.Has("value")) reader.Fail("value", "does not apply to op " + op_name);
      return;
    }
    if (!reader.Has("value")) {
      reader.Fail("value", "is required for op " + op_name);
      return;
    }
    Value value = *json.Find("value");
    std::string path = reader.PathOf("value");
    switch (rule.op) {
      case FitOp::kEquals: {
        bool is_list = value.IsArray();
        for (size_t i = 0; i < (is_list ? value.Size() : 1); ++i) {
          auto field = ReadFieldValue(is_list ? value.At(i) : value);
          if (!field) {
            errors_.push_back({is_list ? JoinIndex(path, i) : path,
                               "expected a string or a number"});
            continue;
          }
          if (!field->is_number) field->text = ToLower(field->text);
          rule.values.push_back(*field);
        }
        break;
      }
      case FitOp::kContains:
      case FitOp::kDomainIn:
        if (auto strings = StringOrStrings(value, path, errors_)) {
          for (const auto& text : *strings) {
            FieldValue field;
            field.text = ToLower(Trim(text));
            rule.values.push_back(field);
          }
        }
        break;
      case FitOp::kGte:
      case FitOp::kLte:
        if (!value.IsNumber()) {
          reader.Fail("value", "expected a number");
        } else {
          rule.low = rule.high = value.Number();
        }
        break;
      case FitOp::kBetween:
        if (!value.IsArray() || value.Size() != 2 || !value.At(0).IsNumber() || !value.At(1).IsNumber()) {
          reader.Fail("value", "expected [low, high], two numbers");
        } else if (value.At(0).Number() > value.At(1).Number()) {
          reader.Fail("value", "low must not be greater than high");
        } else {
          rule.low = value.At(0).Number();
          rule.high = value.At(1).Number();
        }
        break;
      default:
        break;
    }
  }

  void ParseDecks(const Value& decks, const std::string& path, Config& config) {
    for (const std::string& name : decks.Keys()) {
      std::string deck_path = JoinKey(path, name);
      Value json = *decks.Find(name);
      if (!json.IsObject()) {
        errors_.push_back({deck_path, "expected an object"});
        continue;
      }
      ObjectReader<Value> reader(json, deck_path, errors_);
      reader.RejectUnknownKeys({"slides", "completeRatio", "minSlideMs"});
      DeckSettings deck;
      deck.slides = reader.Integer("slides", Need::kOptional, 1);
      if (auto ratio = Ratio(reader, "completeRatio")) deck.complete_ratio = *ratio;
      if (auto min_ms = reader.Integer("minSlideMs", Need::kOptional, 0)) deck.min_slide_ms = *min_ms;
      config.decks[name] = deck;
    }
  }

  void ParseGates(const Value& gates, const std::string& path, Config& config) {
    std::set<std::string> ids;
    ForEachObject(gates, path, [&](const Value& json, const std::string& gate_path) {
      size_t errors_before = errors_.size();
      ObjectReader<Value> reader(json, gate_path, errors_);
      reader.RejectUnknownKeys({"id", "deck", "atSlide", "content", "form"});
      Gate gate;
      if (auto id = reader.String("id", Need::kRequired)) {
        if (!ids.insert(*id).second) reader.Fail("id", "duplicate gate id \"" + *id + "\"");
        gate.id = *id;
      }
      if (auto form = reader.String("form", Need::kRequired)) gate.form = *form;
      bool has_deck = reader.Has("deck"), has_content = reader.Has("content");
      if (has_deck && has_content) {
        errors_.push_back({gate_path, "locks either a deck or a content block, not both"});
      } else if (!has_deck && !has_content) {
        errors_.push_back({gate_path, "needs \"deck\" (with \"atSlide\") or \"content\""});
      } else if (has_deck) {
        if (auto deck = reader.String("deck", Need::kRequired)) gate.deck = *deck;
        if (auto at = reader.Integer("atSlide", Need::kRequired, 1)) gate.at_slide = *at;
      } else {
        if (auto content = reader.String("content", Need::kRequired)) gate.content = *content;
        if (reader.Has("atSlide")) reader.Fail("atSlide", "only applies to deck gates");
      }
      if (errors_.size() == errors_before) config.gates.push_back(gate);
    });
  }

  void ParseQualify(const Value& root, const ObjectReader<Value>& root_reader, Config& config) {
    std::string path = root_reader.PathOf("qualify");
    if (auto qualify = root_reader.Object("qualify", Need::kOptional)) {
      ObjectReader<Value> reader(*qualify, path, errors_);
      reader.RejectUnknownKeys({"stage", "requireConsent", "minFillMs", "rejectWebdriver"});
      if (auto stage = reader.String("stage", Need::kOptional)) config.qualify.stage = *stage;
      if (auto consent = reader.Bool("requireConsent", Need::kOptional)) config.qualify.require_consent = *consent;
      if (auto fill = reader.Integer("minFillMs", Need::kOptional, 0)) config.qualify.min_fill_ms = *fill;
      if (auto webdriver = reader.Bool("rejectWebdriver", Need::kOptional)) config.qualify.reject_webdriver = *webdriver;
    }
    bool thresholds_ok = root.Find("thresholds") && !config.thresholds.empty();
    bool named = std::any_of(config.thresholds.begin(), config.thresholds.end(),
                             [&](const Threshold& t) { return t.name == config.qualify.stage; });
    if (thresholds_ok && !named) {
      std::optional<Value> qualify = root.Find("qualify");
      std::string where = qualify && qualify->IsObject() && qualify->Find("stage")
                              ? JoinKey(path, "stage")
                              : "$.thresholds";
      errors_.push_back({where, "qualify.stage \"" + config.qualify.stage + "\" is not a threshold"});
    }
  }

  void ParseContent(const Value& content, const std::string& path, ContentSettings& out) {
    ObjectReader<Value> reader(content, path, errors_);
    reader.RejectUnknownKeys({"minVisibleRatio", "minVisibleMs", "idleMs"});
    if (auto ratio = Ratio(reader, "minVisibleRatio")) out.min_visible_ratio = *ratio;
    if (auto min_ms = reader.Integer("minVisibleMs", Need::kOptional, 0)) out.min_visible_ms = *min_ms;
    if (auto idle = reader.Integer("idleMs", Need::kOptional, 1)) out.idle_ms = *idle;
  }

  void ParseSubmit(const Value& submit, const std::string& path, SubmitSettings& out) {
    ObjectReader<Value> reader(submit, path, errors_);
    reader.RejectUnknownKeys({"endpoint", "format", "maxEvents", "allowedOrigins", "fields", "maxAgeMs", "maxClockSkewMs"});
    if (auto endpoint = reader.String("endpoint", Need::kOptional)) out.endpoint = *endpoint;
    if (auto format = reader.String("format", Need::kOptional)) {
      if (*format != "json") reader.Fail("format", "must be \"json\"");
    }
    if (auto max_events = reader.Integer("maxEvents", Need::kOptional, 1)) out.max_events = *max_events;
    if (auto max_age = reader.Integer("maxAgeMs", Need::kOptional, 0)) out.max_age_ms = *max_age;
    if (auto skew = reader.Integer("maxClockSkewMs", Need::kOptional, 0)) out.max_clock_skew_ms = *skew;
    if (auto origins = reader.Array("allowedOrigins", Need::kOptional)) {
      if (auto list = StringOrStrings(*origins, reader.PathOf("allowedOrigins"), errors_)) {
        out.allowed_origins = *list;
      }
    }
    if (auto fields = reader.Array("fields", Need::kOptional)) {
      ParseFieldNames(*fields, reader.PathOf("fields"), out.fields);
    }
  }

  void ParseFieldNames(const Value& fields, const std::string& path, std::vector<std::string>& out) {
    for (size_t i = 0; i < fields.Size(); ++i) {
      Value element = fields.At(i);
      std::string element_path = JoinIndex(path, i);
      if (!element.IsString()) {
        errors_.push_back({element_path, "expected a string"});
      } else if (element.String().empty()) {
        errors_.push_back({element_path, "must not be empty"});
      } else if (std::find(out.begin(), out.end(), element.String()) != out.end()) {
        errors_.push_back({element_path, "\"" + element.String() + "\" is listed twice"});
      } else {
        out.push_back(element.String());
      }
    }
  }

  std::vector<Error>& errors_;
  std::set<std::string> rule_ids_;
};

}  // namespace config_reader

/// Validates a config object, reporting every error at once.
template <class Value>
Result<Config> ReadConfig(const Value& root) {
  if (!root.IsObject()) return std::vector<Error>{{"$", "expected a config object"}};
  if (std::optional<Error> too_big = ConfigSizeProblem(root)) return std::vector<Error>{*too_big};
  std::vector<Error> errors;
  Config config = config_reader::ConfigParser<Value>(errors).Parse(root);
  if (!errors.empty()) return errors;
  return config;
}

}  // namespace leadscore::detail

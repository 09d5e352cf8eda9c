// Turns config JSON into a validated Config, collecting every error with its JSON path.
#include <algorithm>
#include <set>

#include "event_json.h"
#include "json_reader.h"
#include "leadscore/config.h"
#include "text.h"

namespace leadscore {
namespace {

using detail::Json;
using detail::JoinIndex;
using detail::JoinKey;
using detail::Need;
using detail::ObjectReader;

const std::vector<std::string_view> kEngagementOnlyKeys = {"on", "where", "distinct", "maxTimes",
                                                           "cap", "halfLifeDays", "minMs"};
const std::vector<std::string_view> kFitOnlyKeys = {"field", "op", "value", "disqualify"};

struct FitOpName {
  FitOp op;
  std::string_view name;
};
constexpr FitOpName kFitOps[] = {
    {FitOp::kExists, "exists"},         {FitOp::kEquals, "equals"},
    {FitOp::kContains, "contains"},     {FitOp::kGte, "gte"},
    {FitOp::kLte, "lte"},               {FitOp::kBetween, "between"},
    {FitOp::kDomainIn, "domain_in"},    {FitOp::kFreeEmail, "free_email"},
    {FitOp::kBusinessEmail, "business_email"},
};

// Which `where` keys make sense for which event type (docs/config.md, "Matching").
bool WhereKeyApplies(std::string_view key, EventType on) {
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

bool IsIn(const std::vector<std::string_view>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

class ConfigParser {
 public:
  explicit ConfigParser(std::vector<Error>& errors) : errors_(errors) {}

  Config Parse(const Json& root) {
    Config config;
    ObjectReader reader(root, "$", errors_);
    reader.RejectUnknownKeys({"version", "site", "revision", "thresholds", "decay", "engagement",
                              "fit", "decks", "gates", "qualify", "content", "submit"});
    if (auto version = reader.Integer("version", Need::kRequired)) {
      if (*version != 1) reader.Fail("version", "must be 1");
    }
    if (auto site = reader.String("site", Need::kOptional, true)) config.site = *site;
    if (auto revision = reader.String("revision", Need::kOptional, true)) config.revision = *revision;
    if (const Json* thresholds = reader.Object("thresholds", Need::kRequired)) {
      ParseThresholds(*thresholds, reader.PathOf("thresholds"), config);
    }
    if (const Json* decay = reader.Object("decay", Need::kOptional)) {
      ObjectReader decay_reader(*decay, reader.PathOf("decay"), errors_);
      decay_reader.RejectUnknownKeys({"halfLifeDays"});
      config.half_life_days = NonNegative(decay_reader, "halfLifeDays").value_or(0);
    }
    if (const Json* engagement = reader.Object("engagement", Need::kOptional)) {
      ParseEngagement(*engagement, reader.PathOf("engagement"), config);
    }
    if (const Json* fit = reader.Object("fit", Need::kOptional)) {
      ParseFit(*fit, reader.PathOf("fit"), config);
    }
    if (const Json* decks = reader.Object("decks", Need::kOptional)) {
      ParseDecks(*decks, reader.PathOf("decks"), config);
    }
    if (const Json* gates = reader.Array("gates", Need::kOptional)) {
      ParseGates(*gates, reader.PathOf("gates"), config);
    }
    ParseQualify(root, reader, config);
    if (const Json* content = reader.Object("content", Need::kOptional)) {
      ParseContent(*content, reader.PathOf("content"), config.content);
    }
    if (const Json* submit = reader.Object("submit", Need::kOptional)) {
      ParseSubmit(*submit, reader.PathOf("submit"), config.submit);
    }
    return config;
  }

 private:
  // Calls `parse(element, path)` for each object in `array`; reports every other element.
  template <class Parse>
  void ForEachObject(const Json& array, const std::string& path, Parse parse) {
    for (size_t i = 0; i < array.size(); ++i) {
      std::string element_path = JoinIndex(path, i);
      if (array[i].is_object()) {
        parse(array[i], element_path);
      } else {
        errors_.push_back({element_path, "expected an object"});
      }
    }
  }

  std::optional<double> NonNegative(const ObjectReader& reader, std::string_view key) {
    std::optional<double> value = reader.Number(key, Need::kOptional);
    if (value && *value < 0) {
      reader.Fail(key, "must not be negative");
      return std::nullopt;
    }
    return value;
  }

  std::optional<double> Positive(const ObjectReader& reader, std::string_view key) {
    std::optional<double> value = reader.Number(key, Need::kOptional);
    if (value && *value <= 0) {
      reader.Fail(key, "must be greater than 0");
      return std::nullopt;
    }
    return value;
  }

  std::optional<double> Ratio(const ObjectReader& reader, std::string_view key) {
    std::optional<double> value = reader.Number(key, Need::kOptional);
    if (value && (*value <= 0 || *value > 1)) {
      reader.Fail(key, "must be greater than 0 and at most 1");
      return std::nullopt;
    }
    return value;
  }

  void ParseThresholds(const Json& thresholds, const std::string& path, Config& config) {
    if (thresholds.empty()) {
      errors_.push_back({path, "must name at least one threshold, e.g. {\"mql\": 50}"});
      return;
    }
    ObjectReader reader(thresholds, path, errors_);
    for (const auto& item : thresholds.items()) {
      std::optional<double> value = reader.Number(item.key(), Need::kRequired);
      if (!value) continue;
      if (item.key() == "visitor") {
        reader.Fail(item.key(), "\"visitor\" is the stage below every threshold and cannot be one");
        continue;
      }
      auto same = std::find_if(config.thresholds.begin(), config.thresholds.end(),
                               [&](const Threshold& t) { return t.value == *value; });
      if (same != config.thresholds.end()) {
        reader.Fail(item.key(), "has the same value as \"" + same->name + "\"; values must differ");
        continue;
      }
      config.thresholds.push_back({item.key(), *value});
    }
    std::sort(config.thresholds.begin(), config.thresholds.end(),
              [](const Threshold& a, const Threshold& b) { return a.value < b.value; });
  }

  void ParseEngagement(const Json& engagement, const std::string& path, Config& config) {
    ObjectReader reader(engagement, path, errors_);
    reader.RejectUnknownKeys({"cap", "rules"});
    config.engagement_cap = Positive(reader, "cap").value_or(100);
    if (const Json* rules = reader.Array("rules", Need::kOptional)) {
      ForEachObject(*rules, reader.PathOf("rules"), [&](const Json& json, const std::string& rule_path) {
        if (auto rule = ParseEngagementRule(json, rule_path)) config.engagement_rules.push_back(std::move(*rule));
      });
    }
  }

  std::optional<EngagementRule> ParseEngagementRule(const Json& json, const std::string& path) {
    size_t errors_before = errors_.size();
    ObjectReader reader(json, path, errors_);
    for (const auto& item : json.items()) {
      if (IsIn(kFitOnlyKeys, item.key())) {
        reader.Fail(item.key(), "only applies to fit rules");
      } else if (!IsIn(kEngagementOnlyKeys, item.key()) && item.key() != "id" &&
                 item.key() != "points") {
        reader.Fail(item.key(), "unknown key");
      }
    }
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
    if (const Json* where = reader.Object("where", Need::kOptional)) {
      ParseWhere(*where, reader.PathOf("where"), on, rule.where);
    }
    if (errors_.size() != errors_before) return std::nullopt;
    return rule;
  }

  void ReadRuleId(const ObjectReader& reader, std::string& id) {
    std::optional<std::string> value = reader.String("id", Need::kRequired);
    if (!value) return;
    if (!rule_ids_.insert(*value).second) {
      reader.Fail("id", "duplicate rule id \"" + *value + "\"");
    }
    id = *value;
  }

  void ParseWhere(const Json& where, const std::string& path, std::optional<EventType> on,
                  Where& out) {
    ObjectReader reader(where, path, errors_);
    for (const auto& item : where.items()) {
      const std::string& key = item.key();
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
        if (auto tags = detail::StringOrStrings(item.value(), reader.PathOf(key), errors_)) {
          out.tags = *tags;
        }
      } else if (key == "slide" || key == "nth") {
        if (auto range = ParseRange(item.value(), reader.PathOf(key))) {
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

  std::optional<Range> ParseRange(const Json& value, const std::string& path) {
    if (value.is_number()) return Range{value.get<double>(), value.get<double>()};
    if (!value.is_object()) {
      errors_.push_back({path, "expected a number or {\"gte\": a, \"lte\": b}"});
      return std::nullopt;
    }
    ObjectReader reader(value, path, errors_);
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

  void ParseFit(const Json& fit, const std::string& path, Config& config) {
    ObjectReader reader(fit, path, errors_);
    reader.RejectUnknownKeys({"cap", "rules", "freeEmailDomains"});
    config.fit_cap = Positive(reader, "cap").value_or(100);
    if (const Json* domains = reader.Array("freeEmailDomains", Need::kOptional)) {
      if (auto list = detail::StringOrStrings(*domains, reader.PathOf("freeEmailDomains"), errors_)) {
        for (const auto& domain : *list) config.free_email_domains.push_back(detail::ToLower(domain));
      }
    }
    if (const Json* rules = reader.Array("rules", Need::kOptional)) {
      ForEachObject(*rules, reader.PathOf("rules"), [&](const Json& json, const std::string& rule_path) {
        if (auto rule = ParseFitRule(json, rule_path)) config.fit_rules.push_back(std::move(*rule));
      });
    }
  }

  std::optional<FitRule> ParseFitRule(const Json& json, const std::string& path) {
    size_t errors_before = errors_.size();
    ObjectReader reader(json, path, errors_);
    for (const auto& item : json.items()) {
      if (IsIn(kEngagementOnlyKeys, item.key())) {
        reader.Fail(item.key(), "only applies to engagement rules");
      } else if (!IsIn(kFitOnlyKeys, item.key()) && item.key() != "id" && item.key() != "points") {
        reader.Fail(item.key(), "unknown key");
      }
    }
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

  void ParseFitValue(const Json& json, const ObjectReader& reader, FitRule& rule) {
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
    const Json& value = json.at("value");
    std::string path = reader.PathOf("value");
    switch (rule.op) {
      case FitOp::kEquals: {
        Json list = value.is_array() ? value : Json::array({value});
        for (size_t i = 0; i < list.size(); ++i) {
          auto field = detail::FieldValueFromJson(list[i]);
          if (!field) {
            errors_.push_back({value.is_array() ? JoinIndex(path, i) : path,
                               "expected a string or a number"});
            continue;
          }
          if (!field->is_number) field->text = detail::ToLower(field->text);
          rule.values.push_back(*field);
        }
        break;
      }
      case FitOp::kContains:
      case FitOp::kDomainIn:
        if (auto strings = detail::StringOrStrings(value, path, errors_)) {
          for (const auto& text : *strings) {
            FieldValue field;
            field.text = detail::ToLower(detail::Trim(text));
            rule.values.push_back(field);
          }
        }
        break;
      case FitOp::kGte:
      case FitOp::kLte:
        if (!value.is_number()) {
          reader.Fail("value", "expected a number");
        } else {
          rule.low = rule.high = value.get<double>();
        }
        break;
      case FitOp::kBetween:
        if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number()) {
          reader.Fail("value", "expected [low, high], two numbers");
        } else if (value[0].get<double>() > value[1].get<double>()) {
          reader.Fail("value", "low must not be greater than high");
        } else {
          rule.low = value[0].get<double>();
          rule.high = value[1].get<double>();
        }
        break;
      default:
        break;
    }
  }

  void ParseDecks(const Json& decks, const std::string& path, Config& config) {
    for (const auto& item : decks.items()) {
      std::string deck_path = JoinKey(path, item.key());
      if (!item.value().is_object()) {
        errors_.push_back({deck_path, "expected an object"});
        continue;
      }
      ObjectReader reader(item.value(), deck_path, errors_);
      reader.RejectUnknownKeys({"slides", "completeRatio", "minSlideMs"});
      DeckSettings deck;
      deck.slides = reader.Integer("slides", Need::kOptional, 1);
      deck.complete_ratio = Ratio(reader, "completeRatio").value_or(0.8);
      deck.min_slide_ms = reader.Integer("minSlideMs", Need::kOptional, 0).value_or(0);
      config.decks[item.key()] = deck;
    }
  }

  void ParseGates(const Json& gates, const std::string& path, Config& config) {
    std::set<std::string> ids;
    ForEachObject(gates, path, [&](const Json& json, const std::string& gate_path) {
      size_t errors_before = errors_.size();
      ObjectReader reader(json, gate_path, errors_);
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

  void ParseQualify(const Json& root, const ObjectReader& root_reader, Config& config) {
    std::string path = root_reader.PathOf("qualify");
    if (const Json* qualify = root_reader.Object("qualify", Need::kOptional)) {
      ObjectReader reader(*qualify, path, errors_);
      reader.RejectUnknownKeys({"stage", "requireConsent", "minFillMs", "rejectWebdriver"});
      if (auto stage = reader.String("stage", Need::kOptional)) config.qualify.stage = *stage;
      if (auto consent = reader.Bool("requireConsent", Need::kOptional)) config.qualify.require_consent = *consent;
      if (auto fill = reader.Integer("minFillMs", Need::kOptional, 0)) config.qualify.min_fill_ms = *fill;
      if (auto webdriver = reader.Bool("rejectWebdriver", Need::kOptional)) config.qualify.reject_webdriver = *webdriver;
    }
    bool thresholds_ok = root.contains("thresholds") && !config.thresholds.empty();
    bool named = std::any_of(config.thresholds.begin(), config.thresholds.end(),
                             [&](const Threshold& t) { return t.name == config.qualify.stage; });
    if (thresholds_ok && !named) {
      std::string where = root.contains("qualify") && root["qualify"].is_object() &&
                                  root["qualify"].contains("stage")
                              ? JoinKey(path, "stage")
                              : "$.thresholds";
      errors_.push_back({where, "qualify.stage \"" + config.qualify.stage + "\" is not a threshold"});
    }
  }

  void ParseContent(const Json& content, const std::string& path, ContentSettings& out) {
    ObjectReader reader(content, path, errors_);
    reader.RejectUnknownKeys({"minVisibleRatio", "minVisibleMs", "idleMs"});
    out.min_visible_ratio = Ratio(reader, "minVisibleRatio").value_or(0.5);
    out.min_visible_ms = reader.Integer("minVisibleMs", Need::kOptional, 0).value_or(1000);
    out.idle_ms = reader.Integer("idleMs", Need::kOptional, 1).value_or(30000);
  }

  void ParseSubmit(const Json& submit, const std::string& path, SubmitSettings& out) {
    ObjectReader reader(submit, path, errors_);
    reader.RejectUnknownKeys({"endpoint", "format", "maxEvents", "allowedOrigins"});
    if (auto endpoint = reader.String("endpoint", Need::kOptional)) out.endpoint = *endpoint;
    if (auto format = reader.String("format", Need::kOptional)) {
      if (*format != "json") reader.Fail("format", "must be \"json\"");
    }
    out.max_events = reader.Integer("maxEvents", Need::kOptional, 1).value_or(1000);
    if (const Json* origins = reader.Array("allowedOrigins", Need::kOptional)) {
      if (auto list = detail::StringOrStrings(*origins, reader.PathOf("allowedOrigins"), errors_)) {
        out.allowed_origins = *list;
      }
    }
  }

  std::vector<Error>& errors_;
  std::set<std::string> rule_ids_;
};

}  // namespace

Result<Config> ParseConfig(std::string_view json) {
  Result<Json> parsed = detail::ParseJson(json);
  if (!parsed.ok()) return std::vector<Error>{{"$", parsed.errors().front().message}};
  if (!parsed.value().is_object()) {
    return std::vector<Error>{{"$", "expected a config object"}};
  }
  std::vector<Error> errors;
  Config config = ConfigParser(errors).Parse(parsed.value());
  if (!errors.empty()) return errors;
  return config;
}

}  // namespace leadscore

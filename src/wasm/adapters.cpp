#include "adapters.h"

#include <cmath>
#include <cstdint>
#include <utility>

#include <nlohmann/json.hpp>

#include "leadscore/payload.h"

namespace leadscore::wasm {
namespace {

using Json = nlohmann::json;

// Strings reaching here were validated as UTF-8 by the parser, but a dump that met a bad byte
// would have to throw, and a throw aborts the whole instance in this exception-free build.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json ErrorToJson(const Error& error) {
  Json json = Json::object();
  json["path"] = error.path;
  json["message"] = error.message;
  return json;
}

// JavaScript numbers are doubles; NaN (or anything not finite) means "at the latest event".
// Clamping to the safe-integer range keeps the conversion defined for any value JS can send.
std::optional<int64_t> ScoringTime(double now) {
  if (!std::isfinite(now)) return std::nullopt;
  constexpr double kMaxSafeInteger = 9007199254740991.0;
  return static_cast<int64_t>(std::fmax(-kMaxSafeInteger, std::fmin(now, kMaxSafeInteger)));
}

Json DecksToJson(const Config& config) {
  Json decks = Json::object();
  for (const auto& [name, deck] : config.decks) {
    Json json = Json::object();
    if (deck.slides) json["slides"] = *deck.slides;
    json["completeRatio"] = deck.complete_ratio;
    json["minSlideMs"] = deck.min_slide_ms;
    decks[name] = std::move(json);
  }
  return decks;
}

Json GatesToJson(const Config& config) {
  Json gates = Json::array();
  for (const Gate& gate : config.gates) {
    Json json = Json::object();
    json["id"] = gate.id;
    json["form"] = gate.form;
    if (!gate.deck.empty()) {
      json["deck"] = gate.deck;
      json["atSlide"] = gate.at_slide;
    }
    if (!gate.content.empty()) json["content"] = gate.content;
    gates.push_back(std::move(json));
  }
  return gates;
}

}  // namespace

SessionAdapter::SessionAdapter(const std::string& config_json) {
  Result<Config> config = ParseConfig(config_json);
  if (config.ok()) {
    session_.emplace(std::move(config).value());
  } else {
    config_errors_ = config.errors();
  }
}

std::string SessionAdapter::ConfigErrors() const {
  Json errors = Json::array();
  for (const Error& error : config_errors_) errors.push_back(ErrorToJson(error));
  return Dump(errors);
}

std::string SessionAdapter::Ingest(const std::string& event_json) {
  if (!session_) return Dump(ErrorToJson({"$", "the engine has no valid config"}));
  std::optional<Error> error = session_->IngestJson(event_json);
  return error ? Dump(ErrorToJson(*error)) : std::string();
}

std::string SessionAdapter::Score(double now) const {
  if (!session_) return "null";
  return ScoreToJson(session_->ComputeScore(ScoringTime(now)));
}

std::string SessionAdapter::Payload(double now) const {
  if (!session_) return std::string();
  return BuildPayload(*session_, ScoringTime(now)).value_or(std::string());
}

std::string SessionAdapter::Events() const {
  if (!session_) return "[]";
  std::string json = "[";
  for (const Event& event : session_->events()) {
    if (json.size() > 1) json += ',';
    json += EventToJson(event);
  }
  json += ']';
  return json;
}

std::string SessionAdapter::Settings() const {
  if (!session_) return "null";
  const Config& config = session_->config();
  Json settings = Json::object();
  settings["site"] = config.site;
  settings["revision"] = config.revision;
  Json& content = settings["content"];
  content["minVisibleRatio"] = config.content.min_visible_ratio;
  content["minVisibleMs"] = config.content.min_visible_ms;
  content["idleMs"] = config.content.idle_ms;
  Json& submit = settings["submit"];
  submit["endpoint"] = config.submit.endpoint;
  submit["format"] = config.submit.format;
  submit["maxEvents"] = config.submit.max_events;
  Json& qualify = settings["qualify"];
  qualify["stage"] = config.qualify.stage;
  qualify["requireConsent"] = config.qualify.require_consent;
  settings["decks"] = DecksToJson(config);
  settings["gates"] = GatesToJson(config);
  return Dump(settings);
}

}  // namespace leadscore::wasm

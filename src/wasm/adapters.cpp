#include "adapters.h"

#include <cmath>
#include <cstdint>
#include <utility>

#include "json_writer.h"
#include "leadscore/payload.h"

namespace leadscore::wasm {
namespace {

using detail::JsonWriter;

void WriteError(JsonWriter& out, const Error& error) {
  out.BeginObject().Key("path").String(error.path).Key("message").String(error.message).EndObject();
}

std::string ErrorToJson(const Error& error) {
  JsonWriter out;
  WriteError(out, error);
  return out.Take();
}

// JavaScript numbers are doubles; NaN (or anything not finite) means "at the latest event".
// Clamping to the safe-integer range keeps the conversion defined for any value JS can send.
std::optional<int64_t> ScoringTime(double now) {
  if (!std::isfinite(now)) return std::nullopt;
  constexpr double kMaxSafeInteger = 9007199254740991.0;
  return static_cast<int64_t>(std::fmax(-kMaxSafeInteger, std::fmin(now, kMaxSafeInteger)));
}

void WriteDecks(JsonWriter& out, const Config& config) {
  out.BeginObject();
  for (const auto& [name, deck] : config.decks) {
    out.Key(name).BeginObject();
    if (deck.slides) out.Key("slides").Integer(*deck.slides);
    out.Key("completeRatio").Double(deck.complete_ratio);
    out.Key("minSlideMs").Integer(deck.min_slide_ms);
    out.EndObject();
  }
  out.EndObject();
}

void WriteGates(JsonWriter& out, const Config& config) {
  out.BeginArray();
  for (const Gate& gate : config.gates) {
    out.BeginObject().Key("id").String(gate.id).Key("form").String(gate.form);
    if (!gate.deck.empty()) out.Key("deck").String(gate.deck).Key("atSlide").Integer(gate.at_slide);
    if (!gate.content.empty()) out.Key("content").String(gate.content);
    out.EndObject();
  }
  out.EndArray();
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
  JsonWriter out;
  out.BeginArray();
  for (const Error& error : config_errors_) WriteError(out, error);
  out.EndArray();
  return out.Take();
}

std::string SessionAdapter::Ingest(const std::string& event_json) {
  if (!session_) return ErrorToJson({"$", "the engine has no valid config"});
  std::optional<Error> error = session_->IngestJson(event_json);
  return error ? ErrorToJson(*error) : std::string();
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
  JsonWriter out;
  out.BeginObject();
  out.Key("site").String(config.site);
  out.Key("revision").String(config.revision);
  out.Key("content").BeginObject();
  out.Key("minVisibleRatio").Double(config.content.min_visible_ratio);
  out.Key("minVisibleMs").Integer(config.content.min_visible_ms);
  out.Key("idleMs").Integer(config.content.idle_ms);
  out.EndObject();
  out.Key("submit").BeginObject();
  out.Key("endpoint").String(config.submit.endpoint);
  out.Key("format").String(config.submit.format);
  out.Key("maxEvents").Integer(config.submit.max_events);
  out.EndObject();
  out.Key("qualify").BeginObject();
  out.Key("stage").String(config.qualify.stage);
  out.Key("requireConsent").Bool(config.qualify.require_consent);
  out.EndObject();
  WriteDecks(out.Key("decks"), config);
  WriteGates(out.Key("gates"), config);
  out.EndObject();
  return out.Take();
}

}  // namespace leadscore::wasm

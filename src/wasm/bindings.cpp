// The JavaScript face of the engine, in embind: a config and events arrive as JavaScript values
// (JSON.parse made the config; events are the objects the page built) and are read by the core's
// one reader (config_reader.h, event_reader.h) through JsValue, so the module carries no JSON
// parser. Scores, payloads and saved events leave as JSON text the core writes, which
// web/engine.js hands to the browser's JSON.parse. Errors are values: nothing here throws.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "config_reader.h"
#include "event_json.h"
#include "event_reader.h"
#include "js_value.h"
#include "json_writer.h"
#include "leadscore/payload.h"
#include "leadscore/score.h"
#include "leadscore/session.h"
#include "settings.h"

namespace leadscore::wasm {
namespace {

using emscripten::val;

// JavaScript numbers are doubles; NaN (or anything not finite) means "at the latest event".
// Clamping to the safe-integer range keeps the conversion defined for any value JS can send.
std::optional<int64_t> ScoringTime(double now) {
  if (!std::isfinite(now)) return std::nullopt;
  constexpr double kMaxSafeInteger = 9007199254740991.0;
  return static_cast<int64_t>(std::fmax(-kMaxSafeInteger, std::fmin(now, kMaxSafeInteger)));
}

/// One visitor session: the config's errors when it is invalid, else the session.
class Engine {
 public:
  explicit Engine(val config) {
    Result<Config> read = detail::ReadConfig(JsValue(std::move(config)));
    if (read.ok()) {
      session_.emplace(std::move(read).value());
    } else {
      config_errors_ = read.errors();
    }
  }

  /// Every config error, as an array of {path, message}; empty when the config is valid.
  val ConfigErrors() const {
    val errors = val::array();
    for (const Error& error : config_errors_) errors.call<void>("push", val(error));
    return errors;
  }

  /// Adds one event object: undefined when accepted, else its error as {path, message}.
  val Ingest(val event) {
    if (!session_) return val(Error{"$", "the engine has no valid config"});
    std::vector<Error> errors;
    std::optional<Event> read = detail::ReadEvent(JsValue(std::move(event)), "$", errors);
    if (!read) return val(errors.front());
    std::optional<Error> refused = session_->Ingest(std::move(*read));
    return refused ? val(*refused) : val::undefined();
  }

  /// The Score as JSON at `now` (ms since epoch); NaN scores at the latest event's `t`.
  std::string Score(double now) const {
    return session_ ? ScoreToJson(session_->ComputeScore(ScoringTime(now))) : "null";
  }

  /// The lead payload as JSON at `now` (NaN as for Score), or "" while the lead does not qualify.
  std::string Payload(double now) const {
    if (!session_) return std::string();
    return BuildPayload(*session_, ScoringTime(now)).value_or(std::string());
  }

  /// The normalized input events as a JSON array in scoring order (what a saved session replays).
  std::string Events() const {
    detail::JsonWriter out;
    out.BeginArray();
    if (session_) {
      for (const Event& event : session_->events()) detail::WriteEvent(out, event);
    }
    out.EndArray();
    return out.Take();
  }

  /// What the page script acts on, defaults filled in (settings.h), as JSON.
  std::string Settings() const { return session_ ? SettingsToJson(session_->config()) : "null"; }

 private:
  std::optional<Session> session_;
  std::vector<Error> config_errors_;
};

}  // namespace
}  // namespace leadscore::wasm

EMSCRIPTEN_BINDINGS(leadscore) {
  using leadscore::Error;
  using leadscore::wasm::Engine;
  emscripten::value_object<Error>("Error").field("path", &Error::path).field("message", &Error::message);
  emscripten::class_<Engine>("Engine")
      .constructor<emscripten::val>()
      .function("configErrors", &Engine::ConfigErrors)
      .function("ingest", &Engine::Ingest)
      .function("score", &Engine::Score)
      .function("payload", &Engine::Payload)
      .function("events", &Engine::Events)
      .function("settings", &Engine::Settings);
}

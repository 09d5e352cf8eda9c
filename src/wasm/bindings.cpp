// The JavaScript face of the engine, in embind: a config and events arrive as JavaScript values
// (JSON.parse made the config; events are the objects the page built) and are read by the core's
// one reader (config_reader.h, event_reader.h) through JsValue, so the module carries no JSON
// parser. Scores, payloads and saved events leave as JSON text the core writes, which
// web/engine.js hands to the browser's JSON.parse. Errors are values: nothing here throws.
// JavaScript holds an engine by a number: the handle table at the end of this file.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

  /// Whether the lead qualifies at `now` (NaN as for Score): what the page script asks after each
  /// event while a submit waits to qualify, without writing and parsing the whole Score.
  bool Qualified(double now) const { return session_ && session_->ComputeScore(ScoringTime(now)).qualified; }

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

// The open engines, by handle (index + 1). A table instead of embind's class_: JavaScript holds a
// number, and the module carries no class machinery (smart pointers, up- and down-casts,
// handle wrappers), which is most of embind's runtime. A handle that is not open is refused.
std::vector<std::unique_ptr<Engine>> engines;

Engine* Find(uint32_t handle) {
  return handle >= 1 && handle <= engines.size() ? engines[handle - 1].get() : nullptr;
}

uint32_t Open(val config) {
  auto engine = std::make_unique<Engine>(std::move(config));
  for (size_t i = 0; i < engines.size(); ++i) {
    if (!engines[i]) {
      engines[i] = std::move(engine);
      return static_cast<uint32_t>(i + 1);
    }
  }
  engines.push_back(std::move(engine));
  return static_cast<uint32_t>(engines.size());
}

void Close(uint32_t handle) {
  if (Find(handle)) engines[handle - 1].reset();
}

val NotOpen() { return val(Error{"$", "the engine is not open"}); }

val ConfigErrors(uint32_t handle) {
  Engine* engine = Find(handle);
  if (!engine) {
    val errors = val::array();
    errors.call<void>("push", NotOpen());
    return errors;
  }
  return engine->ConfigErrors();
}

val Ingest(uint32_t handle, val event) {
  Engine* engine = Find(handle);
  return engine ? engine->Ingest(std::move(event)) : NotOpen();
}

std::string Score(uint32_t handle, double now) {
  Engine* engine = Find(handle);
  return engine ? engine->Score(now) : "null";
}

bool Qualified(uint32_t handle, double now) {
  Engine* engine = Find(handle);
  return engine && engine->Qualified(now);
}

std::string Payload(uint32_t handle, double now) {
  Engine* engine = Find(handle);
  return engine ? engine->Payload(now) : std::string();
}

std::string Events(uint32_t handle) {
  Engine* engine = Find(handle);
  return engine ? engine->Events() : "[]";
}

std::string Settings(uint32_t handle) {
  Engine* engine = Find(handle);
  return engine ? engine->Settings() : "null";
}

}  // namespace
}  // namespace leadscore::wasm

EMSCRIPTEN_BINDINGS(leadscore) {
  using leadscore::Error;
  namespace engine = leadscore::wasm;
  emscripten::value_object<Error>("Error").field("path", &Error::path).field("message", &Error::message);
  emscripten::function("open", &engine::Open);
  emscripten::function("close", &engine::Close);
  emscripten::function("configErrors", &engine::ConfigErrors);
  emscripten::function("ingest", &engine::Ingest);
  emscripten::function("score", &engine::Score);
  emscripten::function("qualified", &engine::Qualified);
  emscripten::function("payload", &engine::Payload);
  emscripten::function("events", &engine::Events);
  emscripten::function("settings", &engine::Settings);
}

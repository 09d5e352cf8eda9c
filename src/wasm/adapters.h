#pragma once

#include <optional>
#include <string>
#include <vector>

#include "leadscore/result.h"
#include "leadscore/session.h"

namespace leadscore::wasm {

/// One visitor session as web/engine.js sees it: JSON strings in and out, errors as values, so no
/// C++ exception or abort ever has to cross into JavaScript.
class SessionAdapter {
 public:
  /// Parses the config; when it is invalid the adapter holds its errors and no session.
  explicit SessionAdapter(const std::string& config_json);

  /// Every config error as a JSON array of `{path, message}`; `[]` when the config is valid.
  std::string ConfigErrors() const;

  /// Adds one event given as a JSON object: "" when accepted, else the error as `{path, message}`.
  std::string Ingest(const std::string& event_json);

  /// The Score as JSON at `now` (ms since epoch); NaN scores at the latest event's `t`.
  std::string Score(double now) const;

  /// The lead payload as JSON at `now` (NaN as for Score), or "" when the lead does not qualify.
  std::string Payload(double now) const;

  /// The normalized input events as a JSON array in scoring order (what a saved session replays).
  std::string Events() const;

  /// The parts of the validated config (defaults filled in) that the page script acts on:
  /// site, revision, content, submit, decks and gates, as a JSON object.
  std::string Settings() const;

 private:
  std::optional<Session> session_;
  std::vector<Error> config_errors_;
};

}  // namespace leadscore::wasm

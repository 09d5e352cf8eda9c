#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leadscore/config.h"
#include "leadscore/event.h"
#include "leadscore/result.h"
#include "leadscore/score.h"

namespace leadscore {

/// Events in scoring order. A deque: appending never moves the events already held.
using EventLog = std::deque<Event>;

/// One visitor's event log and its incrementally maintained score. Events may arrive in any
/// order; they are scored in `t` order (stable for equal `t`). Appending in order costs O(rules).
class Session {
 public:
  explicit Session(Config config);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// Adds one validated input event (a `deck_complete` is refused: the session derives those).
  std::optional<Error> Ingest(Event event);

  /// Parses, validates and adds one event given as a JSON object.
  std::optional<Error> IngestJson(std::string_view json);

  /// The score at `now` (ms since epoch); without it, at the latest event's `t`.
  Score ComputeScore(std::optional<int64_t> now = std::nullopt) const;

  /// The input events in scoring order (derived events excluded).
  const EventLog& events() const;

  /// The lead's fields: every form_submit's, trimmed, later over earlier, blank never overwriting.
  std::vector<std::pair<std::string, FieldValue>> LeadFields() const;

  const Config& config() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leadscore

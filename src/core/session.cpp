#include "leadscore/session.h"

#include <algorithm>

#include "event_json.h"
#include "scoring_state.h"

namespace leadscore {

class Session::Impl {
 public:
  explicit Impl(Config config) : config_(std::move(config)), state_(config_) {}

  std::optional<Error> Ingest(Event event) {
    if (event.type == EventType::kDeckComplete) {
      return Error{"$.type", detail::kDerivedEventRefused};
    }
    bool in_order = events_.empty() || event.t >= events_.back().t;
    if (in_order) {
      events_.push_back(std::move(event));
      if (!stale_) state_.Apply(events_.back());
    } else {
      // After every event with the same t: equal timestamps keep their arrival order.
      auto position = std::upper_bound(events_.begin(), events_.end(), event.t,
                                       [](int64_t t, const Event& e) { return t < e.t; });
      events_.insert(position, std::move(event));
      stale_ = true;
    }
    return std::nullopt;
  }

  const detail::ScoringState& State() const {
    if (stale_) {
      state_ = detail::ScoringState(config_);
      for (const Event& event : events_) state_.Apply(event);
      stale_ = false;
    }
    return state_;
  }

  Score ComputeScore(std::optional<int64_t> now) const {
    int64_t at = now.value_or(events_.empty() ? 0 : events_.back().t);
    return State().ComputeScore(at);
  }

  Config config_;
  EventLog events_;  // input events in scoring order

 private:
  // Rebuilt lazily after an out-of-order arrival, so a batch of them costs one replay.
  mutable detail::ScoringState state_;
  mutable bool stale_ = false;
};

Session::Session(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

std::optional<Error> Session::Ingest(Event event) { return impl_->Ingest(std::move(event)); }

std::optional<Error> Session::IngestJson(std::string_view json) {
  Result<Event> event = ParseEvent(json);
  if (!event.ok()) return event.errors().front();
  return impl_->Ingest(std::move(event).value());
}

Score Session::ComputeScore(std::optional<int64_t> now) const { return impl_->ComputeScore(now); }

const EventLog& Session::events() const { return impl_->events_; }

std::vector<std::pair<std::string, FieldValue>> Session::LeadFields() const {
  return impl_->State().fields();
}

const Config& Session::config() const { return impl_->config_; }

}  // namespace leadscore

#pragma once

#include <cstdint>
#include <string>

namespace leadscore::bench {

/// One genuine lead payload, built by the core, from which any number of distinct leads are
/// made by swapping the e-mail (and with it the id) in place: the score is the same for every
/// copy, so each stays verifiable, and no request pays for building a session.
class LeadTemplate {
 public:
  /// A lead for `config_json` with about `events` events (page and slide views, consent, form).
  static LeadTemplate Build(const std::string& config_json, int events, std::string& error);

  /// The payload of lead number `n` (its e-mail holds `run` and `n`, so runs never collide).
  std::string Payload(const std::string& run, int64_t n) const;

  size_t size() const { return payload_.size(); }
  int events() const { return events_; }

 private:
  std::string site_;
  std::string payload_;
  std::string email_;  // the placeholder e-mail, fixed width
  std::string id_;     // its lead id
  int64_t submitted_form_at_ = 0;  // the t of its form_submit, which the id is derived from
  int events_ = 0;
};

}  // namespace leadscore::bench

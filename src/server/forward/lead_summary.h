#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lead_store.h"

namespace leadscore::server {

/// What a salesperson reads about one stored lead, drawn from its columns and its payload's
/// context; the vendor formats pick from it.
struct LeadSummary {
  nlohmann::json fields = nlohmann::json::object();  // the form fields as stored
  std::string email;
  std::string name;     // `name`, or `first_name` + `last_name`; empty when the form had neither
  std::string company;
  std::string title;    // `job_title` or `title`
  std::string site;
  std::string stage;
  std::string grade;
  double total = 0;
  double engagement = 0;
  double fit = 0;
  int64_t submitted_at = 0;             // ms since epoch
  std::vector<std::string> top_reasons;   // the rules that gave most points: `pricing_view +20`
  std::vector<std::string> slides_read;   // `tour: 6 of 14 slides, 36 s`
  std::vector<std::string> content_read;  // `whitepaper: 2 views, 1 min 20 s`
  std::vector<std::string> pages;         // `/pricing (2 views)`
  std::string form_page_path;   // the page the form was sent from (the last page viewed before)
  std::string form_page_title;  // its title, when the page script saw one
  std::optional<bool> consent;  // the visitor's last consent answer, when they gave one
};

/// Summarizes a stored lead (its payload is read, never trusted beyond being JSON).
LeadSummary SummarizeLead(const LeadRecord& lead);

/// A form field's value as text: strings as they are, numbers in their shortest form.
std::string FieldText(const nlohmann::json& value);

/// A score as people read it: `32.5`, `60`.
std::string ScoreText(double score);

/// A duration in ms as people read it: `45 s`, `2 min 5 s`, `1 h 3 min`.
std::string DurationText(int64_t ms);

/// A time in ms since epoch as `2026-09-21 14:03 UTC`.
std::string UtcMinuteText(int64_t ms);

/// The value a field map's source names: a form field, or `$score`, `$stage`, `$grade`; nullopt
/// when the lead has no such field.
std::optional<std::string> MappedValue(const LeadSummary& lead, const std::string& source);

}  // namespace leadscore::server

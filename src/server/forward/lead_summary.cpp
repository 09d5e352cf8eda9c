#include "lead_summary.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

// How many of each list a message shows; the rest is in GET /leads.
constexpr size_t kTopReasons = 3;
constexpr size_t kListedItems = 5;

std::string TextOf(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && (it->is_string() || it->is_number()) ? FieldText(*it) : "";
}

int64_t IntegerOf(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

std::string Views(int64_t views) { return std::to_string(views) + (views == 1 ? " view" : " views"); }

void ReadPeople(LeadSummary& summary) {
  const Json& fields = summary.fields;
  summary.email = TextOf(fields, "email");
  summary.name = TextOf(fields, "name");
  if (summary.name.empty()) {
    std::string first = TextOf(fields, "first_name"), last = TextOf(fields, "last_name");
    summary.name = first + (first.empty() || last.empty() ? "" : " ") + last;
  }
  summary.company = TextOf(fields, "company");
  summary.title = TextOf(fields, "job_title");
  if (summary.title.empty()) summary.title = TextOf(fields, "title");
}

void ReadBreakdown(const Json& payload, LeadSummary& summary) {
  auto breakdown = payload.find("breakdown");
  if (breakdown == payload.end() || !breakdown->is_array()) return;
  std::vector<std::pair<double, std::string>> rules;
  for (const Json& entry : *breakdown) {
    if (!entry.is_object() || !entry.contains("points") || !entry["points"].is_number()) continue;
    rules.emplace_back(entry["points"].get<double>(), TextOf(entry, "rule"));
  }
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t n = 0; n < rules.size() && n < kTopReasons; ++n) {
    if (rules[n].first <= 0) break;
    summary.top_reasons.push_back(rules[n].second + " +" + ScoreText(rules[n].first));
  }
}

void ReadContext(const Json& context, LeadSummary& summary) {
  if (auto decks = context.find("decks"); decks != context.end() && decks->is_array()) {
    for (const Json& deck : *decks) {
      if (!deck.is_object() || summary.slides_read.size() == kListedItems) continue;
      auto seen = deck.find("seen");
      size_t count = seen != deck.end() && seen->is_array() ? seen->size() : 0;
      int64_t slides = IntegerOf(deck, "slides");
      std::string line = TextOf(deck, "deck") + ": " + std::to_string(count) +
                         (slides > 0 ? " of " + std::to_string(slides) : "") + (count == 1 && slides <= 0 ? " slide" : " slides");
      if (int64_t ms = IntegerOf(deck, "ms")) line += ", " + DurationText(ms);
      summary.slides_read.push_back(line);
    }
  }
  if (auto content = context.find("content"); content != context.end() && content->is_array()) {
    for (const Json& item : *content) {
      if (!item.is_object() || summary.content_read.size() == kListedItems) continue;
      std::string line = TextOf(item, "id") + ": " + Views(IntegerOf(item, "views"));
      if (int64_t ms = IntegerOf(item, "ms")) line += ", " + DurationText(ms);
      summary.content_read.push_back(line);
    }
  }
  if (auto pages = context.find("pages"); pages != context.end() && pages->is_array()) {
    for (const Json& page : *pages) {
      if (!page.is_object() || summary.pages.size() == kListedItems) continue;
      summary.pages.push_back(TextOf(page, "path") + " (" + Views(IntegerOf(page, "views")) + ")");
    }
  }
}

// The form page is the last page viewed before the form was sent; consent is the last answer.
void ReadEvents(const Json& payload, LeadSummary& summary) {
  auto events = payload.find("events");
  if (events == payload.end() || !events->is_array()) return;
  for (const Json& event : *events) {
    if (!event.is_object()) continue;
    std::string type = TextOf(event, "type");
    if (type == "page_view") {
      summary.form_page_path = TextOf(event, "path");
      summary.form_page_title = TextOf(event, "title");
    } else if (type == "consent" && event.contains("granted") && event["granted"].is_boolean()) {
      summary.consent = event["granted"].get<bool>();
    } else if (type == "form_submit") {
      break;
    }
  }
}

}  // namespace

std::string FieldText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) return ScoreText(value.get<double>());
  if (value.is_number()) return value.dump();
  return "";
}

std::string ScoreText(double score) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", score);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string DurationText(int64_t ms) {
  int64_t seconds = (ms + 500) / 1000;
  if (seconds < 60) return std::to_string(seconds) + " s";
  int64_t minutes = seconds / 60;
  if (minutes < 60) {
    return std::to_string(minutes) + " min" + (seconds % 60 ? " " + std::to_string(seconds % 60) + " s" : "");
  }
  return std::to_string(minutes / 60) + " h" + (minutes % 60 ? " " + std::to_string(minutes % 60) + " min" : "");
}

std::string UtcMinuteText(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M UTC", &utc);
  return buffer;
}

LeadSummary SummarizeLead(const LeadRecord& lead) {
  LeadSummary summary;
  Json fields = Json::parse(lead.lead_fields, nullptr, /*allow_exceptions=*/false);
  if (fields.is_object()) summary.fields = std::move(fields);
  ReadPeople(summary);
  if (summary.email.empty()) summary.email = lead.email;
  summary.site = lead.site;
  summary.stage = lead.stage;
  summary.grade = lead.grade;
  summary.total = lead.total;
  summary.engagement = lead.engagement;
  summary.fit = lead.fit;
  summary.submitted_at = lead.submitted_at;
  Json payload = Json::parse(lead.payload, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_object()) return summary;
  ReadBreakdown(payload, summary);
  if (auto context = payload.find("context"); context != payload.end() && context->is_object()) {
    ReadContext(*context, summary);
  }
  ReadEvents(payload, summary);
  return summary;
}

std::optional<std::string> MappedValue(const LeadSummary& lead, const std::string& source) {
  if (source == "$score") return ScoreText(lead.total);
  if (source == "$stage") return lead.stage;
  if (source == "$grade") return lead.grade;
  auto it = lead.fields.find(source);
  if (it == lead.fields.end() || !(it->is_string() || it->is_number())) return std::nullopt;
  return FieldText(*it);
}

}  // namespace leadscore::server

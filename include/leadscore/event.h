#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/result.h"

namespace leadscore {

/// The longest time an event may say something was seen: one day (longer is a stuck timer, not
/// reading). The page script caps its dwell times at this bound (the engine's settings carry it).
inline constexpr int64_t kMaxDwellMs = 86'400'000;

/// What happened. `kDeckComplete` is derived by the session, never accepted as input.
enum class EventType {
  kVisit,
  kPageView,
  kContentView,
  kSlideView,
  kFormView,
  kFormStart,
  kFormSubmit,
  kClick,
  kDownload,
  kConsent,
  kCustom,
  kDeckComplete,
};

/// The wire name of a type (`page_view`).
std::string_view EventTypeName(EventType type);

/// The type with that wire name, including `deck_complete`; nullopt for an unknown name.
std::optional<EventType> EventTypeFromName(std::string_view name);

/// A form field value: forms send strings, APIs may send numbers.
struct FieldValue {
  bool is_number = false;
  std::string text;   // the trimmed string, or the number's shortest decimal form
  double number = 0;  // meaningful when is_number
};

/// One observed event, validated. Only the fields of its type are meaningful.
struct Event {
  EventType type = EventType::kCustom;
  int64_t t = 0;  // ms since the Unix epoch

  std::string path;   // page_view: URL path without query string or fragment
  std::string title;  // page_view, optional
  std::string id;     // content_view, click, download
  std::vector<std::string> tags;
  std::string deck;   // slide_view, deck_complete
  int64_t slide = 0;  // slide_view: 1-based
  int64_t of = 0;     // slide_view: deck length, 0 when not given
  int64_t ms = 0;     // content_view, slide_view: time really seen, 0…kMaxDwellMs
  std::string form;   // form_view, form_start, form_submit
  std::vector<std::pair<std::string, FieldValue>> fields;  // form_submit, in received order
  std::optional<int64_t> fill_ms;                          // form_submit
  std::optional<std::string> honeypot;                     // form_submit
  std::optional<bool> webdriver;                           // form_submit
  bool granted = false;                                    // consent
  std::string name;                                        // custom
  std::optional<double> value;                             // custom
  std::map<std::string, std::string> utm;                  // visit, page_view: campaign tags, optional
};

/// Parses and validates one event object. Errors carry paths such as `$.ms`.
Result<Event> ParseEvent(std::string_view json);

/// The event's normalized JSON object (only the fields of its type, in a fixed order).
std::string EventToJson(const Event& event);

}  // namespace leadscore

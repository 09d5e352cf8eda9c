#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "leadscore/event.h"

namespace leadscore::detail {

// The event format, described once. Every reader (the general one in event_reader.h, the fast
// ones through event_parts), the writer (event_json.cpp) and the page script's limits (through
// the engine's settings) follow this table; docs/events.md describes the same format for people.

/// Every top-level key an event can have; anything else is ignored.
enum class EventKey { kOther, kType, kT, kPath, kTitle, kId, kTags, kDeck, kSlide, kOf, kMs, kForm,
                      kFields, kFillMs, kHoneypot, kWebdriver, kGranted, kName, kValue, kUtm, kCount };

/// How a key's value is read and written.
enum class EventKind {
  kText,         // a non-empty string
  kTextOrEmpty,  // a string, possibly empty
  kUrlPath,      // a string kept without its query string and fragment, non-empty without them
  kInteger,      // an integer within [min, max]
  kNumber,       // a number
  kBool,         // true or false
  kTags,         // an array of strings
  kUtm,          // an object of strings (campaign tags)
  kFields,       // an object of strings and numbers (form fields, in key order)
};

inline constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

/// One key of one event type.
struct EventKeyRule {
  EventType type;
  EventKey key;
  EventKind kind;
  bool required;
  int64_t min = 0;
  int64_t max = kNoLimit;
};

/// Every event has `type` (a name in EventTypeName) and `t` (ms since the epoch, ≥ 0); then the
/// keys of its type, in the order they are read and written.
inline constexpr EventKeyRule kEventFormat[] = {
    {EventType::kVisit, EventKey::kUtm, EventKind::kUtm, false},
    {EventType::kPageView, EventKey::kPath, EventKind::kUrlPath, true},
    {EventType::kPageView, EventKey::kTitle, EventKind::kTextOrEmpty, false},
    {EventType::kPageView, EventKey::kUtm, EventKind::kUtm, false},
    {EventType::kContentView, EventKey::kId, EventKind::kText, true},
    {EventType::kContentView, EventKey::kTags, EventKind::kTags, false},
    {EventType::kContentView, EventKey::kMs, EventKind::kInteger, true, 0, kMaxDwellMs},
    {EventType::kSlideView, EventKey::kDeck, EventKind::kText, true},
    {EventType::kSlideView, EventKey::kSlide, EventKind::kInteger, true, 1},
    {EventType::kSlideView, EventKey::kOf, EventKind::kInteger, false, 1},
    {EventType::kSlideView, EventKey::kMs, EventKind::kInteger, true, 0, kMaxDwellMs},
    {EventType::kFormView, EventKey::kForm, EventKind::kText, true},
    {EventType::kFormStart, EventKey::kForm, EventKind::kText, true},
    {EventType::kFormSubmit, EventKey::kForm, EventKind::kText, true},
    {EventType::kFormSubmit, EventKey::kFields, EventKind::kFields, true},
    {EventType::kFormSubmit, EventKey::kFillMs, EventKind::kInteger, false, 0},
    {EventType::kFormSubmit, EventKey::kHoneypot, EventKind::kTextOrEmpty, false},
    {EventType::kFormSubmit, EventKey::kWebdriver, EventKind::kBool, false},
    {EventType::kClick, EventKey::kId, EventKind::kText, true},
    {EventType::kClick, EventKey::kTags, EventKind::kTags, false},
    {EventType::kDownload, EventKey::kId, EventKind::kText, true},
    {EventType::kDownload, EventKey::kTags, EventKind::kTags, false},
    {EventType::kConsent, EventKey::kGranted, EventKind::kBool, true},
    {EventType::kCustom, EventKey::kName, EventKind::kText, true},
    {EventType::kCustom, EventKey::kValue, EventKind::kNumber, false},
    {EventType::kDeckComplete, EventKey::kDeck, EventKind::kText, true},  // derived, never read
};

/// Why a `deck_complete` sent as input is refused, wherever it arrives.
inline constexpr const char* kDerivedEventRefused =
    "deck_complete is derived by leadscore and cannot be sent as an event";

/// The wire name of a key (`fillMs`).
std::string_view EventKeyName(EventKey key);

/// The key with that wire name; kOther for any other name.
EventKey EventKeyFor(std::string_view name);

// Where each key lives in an Event: the one place that maps keys to members. A getter answers
// nullopt (or nullptr) when the event does not carry the key (an empty title, `of` 0).
void SetText(Event& event, EventKey key, std::string text);
const std::string* GetText(const Event& event, EventKey key);
void SetInteger(Event& event, EventKey key, int64_t value);
std::optional<int64_t> GetInteger(const Event& event, EventKey key);
void SetBool(Event& event, EventKey key, bool value);
std::optional<bool> GetBool(const Event& event, EventKey key);

}  // namespace leadscore::detail

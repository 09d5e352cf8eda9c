#include "event_format.h"

#include <array>
#include <utility>

namespace leadscore {
namespace {

constexpr std::pair<EventType, std::string_view> kTypeNames[] = {
    {EventType::kVisit, "visit"},
    {EventType::kPageView, "page_view"},
    {EventType::kContentView, "content_view"},
    {EventType::kSlideView, "slide_view"},
    {EventType::kFormView, "form_view"},
    {EventType::kFormStart, "form_start"},
    {EventType::kFormSubmit, "form_submit"},
    {EventType::kClick, "click"},
    {EventType::kDownload, "download"},
    {EventType::kConsent, "consent"},
    {EventType::kCustom, "custom"},
    {EventType::kDeckComplete, "deck_complete"},
};

// A table rather than a switch on the first letter: as fast to within a percent of a log's
// reading, and smaller in the wasm build.
constexpr std::pair<detail::EventKey, std::string_view> kKeyNames[] = {
    {detail::EventKey::kType, "type"},       {detail::EventKey::kT, "t"},
    {detail::EventKey::kPath, "path"},       {detail::EventKey::kTitle, "title"},
    {detail::EventKey::kId, "id"},           {detail::EventKey::kTags, "tags"},
    {detail::EventKey::kDeck, "deck"},       {detail::EventKey::kSlide, "slide"},
    {detail::EventKey::kOf, "of"},           {detail::EventKey::kMs, "ms"},
    {detail::EventKey::kForm, "form"},       {detail::EventKey::kFields, "fields"},
    {detail::EventKey::kFillMs, "fillMs"},   {detail::EventKey::kHoneypot, "honeypot"},
    {detail::EventKey::kWebdriver, "webdriver"}, {detail::EventKey::kGranted, "granted"},
    {detail::EventKey::kName, "name"},       {detail::EventKey::kValue, "value"},
    {detail::EventKey::kUtm, "utm"},
};

}  // namespace

std::string_view EventTypeName(EventType type) {
  for (const auto& [entry, name] : kTypeNames) {
    if (entry == type) return name;
  }
  return "custom";
}

std::optional<EventType> EventTypeFromName(std::string_view name) {
  for (const auto& [type, entry] : kTypeNames) {
    if (entry == name) return type;
  }
  return std::nullopt;
}

namespace detail {

std::string_view EventKeyName(EventKey key) {
  for (const auto& [entry, name] : kKeyNames) {
    if (entry == key) return name;
  }
  return "";
}

EventKey EventKeyFor(std::string_view name) {
  for (const auto& [key, entry] : kKeyNames) {
    if (entry == name) return key;
  }
  return EventKey::kOther;
}

void SetText(Event& event, EventKey key, std::string text) {
  switch (key) {
    case EventKey::kPath: event.path = std::move(text); break;
    case EventKey::kTitle: event.title = std::move(text); break;
    case EventKey::kId: event.id = std::move(text); break;
    case EventKey::kDeck: event.deck = std::move(text); break;
    case EventKey::kForm: event.form = std::move(text); break;
    case EventKey::kName: event.name = std::move(text); break;
    case EventKey::kHoneypot: event.honeypot = std::move(text); break;
    default: break;
  }
}

const std::string* GetText(const Event& event, EventKey key) {
  switch (key) {
    case EventKey::kPath: return &event.path;
    case EventKey::kTitle: return event.title.empty() ? nullptr : &event.title;
    case EventKey::kId: return &event.id;
    case EventKey::kDeck: return &event.deck;
    case EventKey::kForm: return &event.form;
    case EventKey::kName: return &event.name;
    case EventKey::kHoneypot: return event.honeypot ? &*event.honeypot : nullptr;
    default: return nullptr;
  }
}

void SetInteger(Event& event, EventKey key, int64_t value) {
  switch (key) {
    case EventKey::kT: event.t = value; break;
    case EventKey::kSlide: event.slide = value; break;
    case EventKey::kOf: event.of = value; break;
    case EventKey::kMs: event.ms = value; break;
    case EventKey::kFillMs: event.fill_ms = value; break;
    default: break;
  }
}

std::optional<int64_t> GetInteger(const Event& event, EventKey key) {
  switch (key) {
    case EventKey::kT: return event.t;
    case EventKey::kSlide: return event.slide;
    case EventKey::kOf: return event.of > 0 ? std::optional<int64_t>(event.of) : std::nullopt;
    case EventKey::kMs: return event.ms;
    case EventKey::kFillMs: return event.fill_ms;
    default: return std::nullopt;
  }
}

void SetBool(Event& event, EventKey key, bool value) {
  if (key == EventKey::kGranted) event.granted = value;
  if (key == EventKey::kWebdriver) event.webdriver = value;
}

std::optional<bool> GetBool(const Event& event, EventKey key) {
  if (key == EventKey::kGranted) return event.granted;
  if (key == EventKey::kWebdriver) return event.webdriver;
  return std::nullopt;
}

}  // namespace detail
}  // namespace leadscore

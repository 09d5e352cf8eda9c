#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event_format.h"
#include "leadscore/event.h"

namespace leadscore::detail {

/// One top-level value of an event object as a reader found it.
struct EventValue {
  enum class Kind { kAbsent, kString, kInteger, kNumber, kBool, kArray, kObject, kOther };
  Kind kind = Kind::kAbsent;
  std::string_view text;  // kString; points into storage the reader keeps alive
  int64_t integer = 0;    // kInteger
  double number = 0;      // kNumber
  bool boolean = false;   // kBool
};

/// An event object taken apart by a JSON reader, not yet validated. Readers record each top-level
/// key's value (a later duplicate replaces an earlier one, as in the JSON tree) and the contents
/// of the three containers an event may have: `tags` (array of strings), `fields` (object of
/// strings and numbers) and `utm` (object of strings). A reader that meets anything else inside
/// those containers gives up, and the caller takes the general path.
struct EventParts {
  std::array<EventValue, static_cast<size_t>(EventKey::kCount)> values;
  std::vector<std::string> tags;
  std::vector<std::pair<std::string, FieldValue>> fields;  // in document order, duplicates kept
  std::map<std::string, std::string> utm;

  /// Ready for the next event, keeping the containers' capacity.
  void Clear() {
    values.fill(EventValue{});
    tags.clear();
    fields.clear();
    utm.clear();
  }

  EventValue& operator[](EventKey key) { return values[static_cast<size_t>(key)]; }
  const EventValue& operator[](EventKey key) const { return values[static_cast<size_t>(key)]; }
};

/// A form field's string value as the general path keeps it (trimmed).
FieldValue TextFieldValue(std::string_view text);

/// A form field's numeric value; its text is filled in by ValidEventFromParts.
FieldValue NumberFieldValue(double number);

/// The event the parts describe, when it is valid and the general path would read the very same
/// event from the same text; nullopt otherwise (the general path then finds the exact errors).
/// Takes the containers' contents out of `parts`.
std::optional<Event> ValidEventFromParts(EventParts& parts);

}  // namespace leadscore::detail

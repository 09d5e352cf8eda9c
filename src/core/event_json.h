#pragma once

#include <string>
#include <vector>

#include "json_path.h"
#include "json_writer.h"
#include "leadscore/event.h"

namespace leadscore::detail {

/// Why a `deck_complete` sent as input is refused, wherever it arrives.
inline constexpr const char* kDerivedEventRefused =
    "deck_complete is derived by leadscore and cannot be sent as an event";

/// Validates one event object found at `path`; appends every problem to `errors`.
std::optional<Event> EventFromJson(const Json& value, const std::string& path,
                                   std::vector<Error>& errors);

/// Writes the normalized event as a JSON object, its keys in the order docs/events.md lists them.
void WriteEvent(JsonWriter& out, const Event& event);

/// Writes lead fields as a JSON object, in their order; a number stays a number.
void WriteFields(JsonWriter& out, const std::vector<std::pair<std::string, FieldValue>>& fields);

/// Lead fields as JSON text (WriteFields on its own).
std::string FieldsToJson(const std::vector<std::pair<std::string, FieldValue>>& fields);

/// Reads a form field value (string or number); nullopt for any other type.
std::optional<FieldValue> FieldValueFromJson(const Json& value);

/// The shortest decimal form of a number that reads back to the same double.
std::string FormatNumber(double value);

}  // namespace leadscore::detail

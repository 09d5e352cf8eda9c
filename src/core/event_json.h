#pragma once

#include <string>
#include <vector>

#include "event_format.h"
#include "json_tree.h"
#include "json_writer.h"
#include "leadscore/event.h"
#include "text.h"  // FormatNumber: the text a numeric field value is matched by

namespace leadscore::detail {

/// Validates one event object of a tree found at `path`; appends every problem to `errors`.
std::optional<Event> EventFromJson(const Json& value, const std::string& path,
                                   std::vector<Error>& errors);

/// Writes the normalized event as a JSON object, its keys in the event format's order (docs/events.md lists them).
void WriteEvent(JsonWriter& out, const Event& event);

/// Writes lead fields as a JSON object, in their order; a number stays a number.
void WriteFields(JsonWriter& out, const std::vector<std::pair<std::string, FieldValue>>& fields);

/// Lead fields as JSON text (WriteFields on its own).
std::string FieldsToJson(const std::vector<std::pair<std::string, FieldValue>>& fields);

/// Reads a form field value of a tree (string or number); nullopt for any other type.
std::optional<FieldValue> FieldValueFromJson(const Json& value);

}  // namespace leadscore::detail

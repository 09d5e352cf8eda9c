#pragma once

#include <simdjson.h>

#include "event_parts.h"

namespace leadscore::detail {

/// Takes apart one event object of a parsed simdjson document (native builds only). False when
/// the element is not an object or holds something unexpected in `tags`, `fields` or `utm`.
/// String values in `parts` point into the parser's document.
bool ReadEventParts(simdjson::dom::element element, EventParts& parts);

/// Any JSON number as a double, as the general path reads field values and score numbers.
bool ReadJsonNumber(simdjson::dom::element value, double& number);

}  // namespace leadscore::detail

#pragma once

#include <cstdint>
#include <vector>

#include "json_writer.h"
#include "leadscore/config.h"
#include "leadscore/event.h"
#include "leadscore/session.h"

namespace leadscore::detail {

/// Writes the engagement context sales reads (`context` in docs/payload.md), summarised from the events.
void WriteEngagementContext(JsonWriter& out, const Config& config, const EventLog& events);

}  // namespace leadscore::detail

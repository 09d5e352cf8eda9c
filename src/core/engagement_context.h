#pragma once

#include <cstdint>
#include <vector>

#include "json_path.h"
#include "leadscore/config.h"
#include "leadscore/event.h"
#include "leadscore/session.h"

namespace leadscore::detail {

/// The engagement context sales reads (SPEC §4 `context`), summarised from the events.
OrderedJson EngagementContext(const Config& config, const EventLog& events);

}  // namespace leadscore::detail

#pragma once

#include <functional>
#include <vector>

#include "event_log.h"
#include "leadscore/event.h"
#include "leadscore/result.h"

namespace leadscore::cli {

/// Parses every event text with ParseEvent and hands each result to `consume` in log order, on
/// the calling thread. Large logs are parsed on all cores while `consume` works through the
/// results already parsed: parsing is most of the cost of scoring a log, and the results do not
/// depend on each other.
void ParseEventsInOrder(const std::vector<EventText>& texts,
                        const std::function<void(const EventText&, Result<Event>&)>& consume);

}  // namespace leadscore::cli

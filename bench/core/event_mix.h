#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "leadscore/config.h"
#include "example_config.h"  // every figure is measured on the shipped example config
#include "leadscore/event.h"

namespace leadscore::bench {

/// `count` events of one long-lived visitor, in `t` order, in the proportions a marketing site
/// sees: visits of a few page views, content impressions, runs through the tour deck, clicks and
/// downloads, now and then a form filled in, consent changes and custom events. Deterministic.
std::vector<Event> MakeEventMix(size_t count);

}  // namespace leadscore::bench

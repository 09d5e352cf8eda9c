#pragma once

#include <string>

#include "leadscore/config.h"

namespace leadscore::wasm {

/// The parts of a validated config the page script acts on, defaults filled in (config.h is the
/// one place defaults are written; the page script has no fallbacks of its own): site, revision,
/// content (with the event format's dwell bound, maxDwellMs), submit, qualify, decks and gates.
std::string SettingsToJson(const Config& config);

}  // namespace leadscore::wasm

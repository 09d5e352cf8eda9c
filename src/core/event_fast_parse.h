#pragma once

#include <optional>
#include <string_view>

#include "leadscore/event.h"

namespace leadscore::detail {

/// Reads a well-formed, valid event straight from its text, without building a JSON tree: event
/// logs are millions of lines. Returns nullopt for anything it is not sure of (malformed, invalid,
/// unusual); the caller then takes the general path, which finds the exact errors. Whatever it
/// accepts, the general path accepts identically (the fuzz target checks this).
std::optional<Event> ParseValidEventFast(std::string_view json);

}  // namespace leadscore::detail

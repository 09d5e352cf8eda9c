#pragma once

#include <optional>
#include <string_view>

#include "leadscore/event.h"

namespace leadscore::detail {

/// Reads a well-formed, valid event straight from its text, without building a JSON tree: event
/// logs are millions of lines. Returns nullopt for anything it is not sure of (malformed, invalid,
/// unusual); the caller then takes the general path, which finds the exact errors. Whatever it
/// accepts, the general path accepts identically (tests/core and the event fuzzer check this).
/// Native builds read with simdjson, the wasm build with nlohmann's SAX parser.
std::optional<Event> ParseValidEventFast(std::string_view json);

/// The fast reader on nlohmann's SAX parser (the wasm build's; compiled everywhere so that native
/// tests check it too).
std::optional<Event> ParseValidEventSax(std::string_view json);

#ifdef LEADSCORE_HAVE_SIMDJSON
/// The fast reader on simdjson's DOM parser (native builds).
std::optional<Event> ParseValidEventSimdjson(std::string_view json);
#endif

}  // namespace leadscore::detail

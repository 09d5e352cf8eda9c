#include "event_fast_parse.h"

namespace leadscore::detail {

std::optional<Event> ParseValidEventFast(std::string_view json) {
#ifdef LEADSCORE_HAVE_SIMDJSON
  return ParseValidEventSimdjson(json);
#else
  return ParseValidEventSax(json);
#endif
}

}  // namespace leadscore::detail

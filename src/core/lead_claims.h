#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json_tree.h"
#include "leadscore/event.h"
#include "leadscore/result.h"

namespace leadscore::detail {

/// What a lead payload claims, as VerifyPayload checks it.
struct LeadClaims {
  std::string id, site, revision;
  int64_t submitted_at = 0;  // ms since the Unix epoch
  // The claimed lead fields, each as the text a form submit's field would have (trimmed string,
  // or a number's shortest form); nullopt for a value that is neither a string nor a number.
  std::map<std::string, std::optional<std::string>> lead;
  double total = 0, engagement = 0, fit = 0;
  std::string stage, grade;
  Json breakdown;  // as claimed; the collector compares it with its own
  Json context;
  std::vector<Event> events;
};

/// Reads a payload's claims through the JSON tree, with every problem and its JSON path
/// (`$.events[3].t: expected an integer`; `$` and the parser's message for malformed JSON).
Result<LeadClaims> ReadLeadClaims(std::string_view payload);

#ifdef LEADSCORE_HAVE_SIMDJSON
/// Reads the claims of a well-formed, valid payload with simdjson, its events with the fast event
/// reader; nullopt for anything it is not sure of (ReadLeadClaims then finds the exact errors).
/// Whatever it reads, ReadLeadClaims reads identically (tests/core and the verify fuzzer check this).
std::optional<LeadClaims> ReadValidLeadClaimsFast(std::string_view payload);
#endif

}  // namespace leadscore::detail

// The claims of a valid payload read with simdjson: a collector verifies leads of a few hundred
// events each, and reading them through nlohmann's tree was most of what a lead cost it.
#include <simdjson.h>

#include "event_json.h"
#include "event_parts_simdjson.h"
#include "lead_claims.h"
#include "leadscore/payload.h"

namespace leadscore::detail {
namespace {

using simdjson::dom::element;

// The members VerifyPayload reads. The tree keeps the last of duplicate keys, so each is read
// after the whole object has been seen.
struct Members {
  std::optional<element> schema, id, site, revision, submitted_at, lead, score, breakdown, context, events;
};

bool String(const std::optional<element>& value, bool allow_empty, std::string& out) {
  std::string_view text;
  if (!value || value->get_string().get(text) || (!allow_empty && text.empty())) return false;
  out.assign(text);
  return true;
}

bool Number(const std::optional<element>& value, double& out) {
  return value && ReadJsonNumber(*value, out);
}

std::optional<std::string> ClaimedFieldText(element value) {
  std::string_view text;
  if (!value.get_string().get(text)) return std::move(TextFieldValue(text).text);
  double number = 0;
  if (ReadJsonNumber(value, number)) return FormatNumber(number);
  return std::nullopt;
}

bool ReadScore(element value, LeadClaims& claims) {
  simdjson::dom::object score;
  if (value.get_object().get(score)) return false;
  std::optional<element> total, engagement, fit, stage, grade;
  for (simdjson::dom::key_value_pair member : score) {
    if (member.key == "total") total = member.value;
    else if (member.key == "engagement") engagement = member.value;
    else if (member.key == "fit") fit = member.value;
    else if (member.key == "stage") stage = member.value;
    else if (member.key == "grade") grade = member.value;
  }
  return Number(total, claims.total) && Number(engagement, claims.engagement) && Number(fit, claims.fit) &&
         String(stage, false, claims.stage) && String(grade, false, claims.grade);
}

// A small member the collector compares with its own (breakdown, context), as a tree.
bool Subtree(const std::optional<element>& value, simdjson::dom::element_type type, Json& out) {
  if (!value || value->type() != type) return false;
  Result<Json> tree = ParseJson(simdjson::minify(*value));
  if (!tree.ok()) return false;
  out = std::move(tree).value();
  return true;
}

bool ReadEvents(element value, LeadClaims& claims) {
  simdjson::dom::array events;
  if (value.get_array().get(events)) return false;
  claims.events.reserve(events.size());
  EventParts parts;
  for (element item : events) {
    parts.Clear();
    if (!ReadEventParts(item, parts)) return false;
    std::optional<Event> event = ValidEventFromParts(parts);
    if (!event) return false;
    claims.events.push_back(std::move(*event));
  }
  return true;
}

}  // namespace

std::optional<LeadClaims> ReadValidLeadClaimsFast(std::string_view payload) {
  // One parser per thread (a collector verifies on several): it keeps its buffers.
  thread_local simdjson::dom::parser parser;
  element root;
  simdjson::dom::object object;
  if (parser.parse(payload.data(), payload.size()).get(root) || root.get_object().get(object)) return std::nullopt;
  Members members;
  for (simdjson::dom::key_value_pair member : object) {
    std::string_view key = member.key;
    if (key == "schema") members.schema = member.value;
    else if (key == "id") members.id = member.value;
    else if (key == "site") members.site = member.value;
    else if (key == "revision") members.revision = member.value;
    else if (key == "submittedAt") members.submitted_at = member.value;
    else if (key == "lead") members.lead = member.value;
    else if (key == "score") members.score = member.value;
    else if (key == "breakdown") members.breakdown = member.value;
    else if (key == "context") members.context = member.value;
    else if (key == "events") members.events = member.value;
  }

  LeadClaims claims;
  std::string schema;
  if (!String(members.schema, false, schema) || schema != kPayloadSchema) return std::nullopt;
  if (!String(members.id, false, claims.id) || !String(members.site, true, claims.site) ||
      !String(members.revision, true, claims.revision)) {
    return std::nullopt;
  }
  // Only a non-negative integer written as such; 5000.0 and the like are left to the tree.
  if (!members.submitted_at || members.submitted_at->get_int64().get(claims.submitted_at) ||
      claims.submitted_at < 0) {
    return std::nullopt;
  }
  simdjson::dom::object lead;
  if (!members.lead || members.lead->get_object().get(lead)) return std::nullopt;
  for (simdjson::dom::key_value_pair field : lead) claims.lead[std::string(field.key)] = ClaimedFieldText(field.value);
  if (!members.score || !ReadScore(*members.score, claims)) return std::nullopt;
  if (!Subtree(members.breakdown, simdjson::dom::element_type::ARRAY, claims.breakdown) ||
      !Subtree(members.context, simdjson::dom::element_type::OBJECT, claims.context)) {
    return std::nullopt;
  }
  if (!members.events || !ReadEvents(*members.events, claims)) return std::nullopt;
  return claims;
}

}  // namespace leadscore::detail

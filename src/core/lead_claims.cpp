#include "lead_claims.h"

#include "event_json.h"
#include "json_reader.h"
#include "leadscore/payload.h"

namespace leadscore::detail {
namespace {

std::optional<std::string> ClaimedFieldText(const Json& value) {
  std::optional<FieldValue> field = FieldValueFromJson(value);
  if (!field) return std::nullopt;
  return std::move(field->text);
}

}  // namespace

Result<LeadClaims> ReadLeadClaims(std::string_view payload) {
  Result<Json> parsed = ParseJson(payload);
  if (!parsed.ok()) return std::vector<Error>{{"$", parsed.errors().front().message}};
  const Json& json = parsed.value();
  if (!json.is_object()) return std::vector<Error>{{"$", "expected a lead payload object"}};
  std::vector<Error> errors;
  LeadClaims claims;
  ObjectReader reader(json, "$", errors);
  auto schema = reader.String("schema", Need::kRequired);
  if (schema && *schema != kPayloadSchema) {
    reader.Fail("schema", "expected \"" + std::string(kPayloadSchema) + "\"");
  }
  claims.id = reader.String("id", Need::kRequired).value_or("");
  claims.site = reader.String("site", Need::kRequired, true).value_or("");
  claims.revision = reader.String("revision", Need::kRequired, true).value_or("");
  claims.submitted_at = reader.Integer("submittedAt", Need::kRequired, 0).value_or(0);
  if (auto lead = reader.Object("lead", Need::kRequired)) {
    for (const auto& item : lead->json().items()) claims.lead[item.key()] = ClaimedFieldText(item.value());
  }
  if (auto score = reader.Object("score", Need::kRequired)) {
    ObjectReader score_reader(*score, reader.PathOf("score"), errors);
    claims.total = score_reader.Number("total", Need::kRequired).value_or(0);
    claims.engagement = score_reader.Number("engagement", Need::kRequired).value_or(0);
    claims.fit = score_reader.Number("fit", Need::kRequired).value_or(0);
    claims.stage = score_reader.String("stage", Need::kRequired).value_or("");
    claims.grade = score_reader.String("grade", Need::kRequired).value_or("");
  }
  if (auto breakdown = reader.Array("breakdown", Need::kRequired)) claims.breakdown = breakdown->json();
  if (auto context = reader.Object("context", Need::kRequired)) claims.context = context->json();
  if (auto events = reader.Array("events", Need::kRequired)) {
    claims.events.reserve(events->Size());
    for (size_t i = 0; i < events->Size(); ++i) {
      auto event = EventFromJson(events->At(i).json(), JoinIndex(reader.PathOf("events"), i), errors);
      if (event) claims.events.push_back(std::move(*event));
    }
  }
  if (!errors.empty()) return errors;
  return claims;
}

}  // namespace leadscore::detail

#include "lead_intake.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "access_log.h"
#include "json_answer.h"
#include "leadscore/verify.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

IntakeResult Answer(int status, Json body) { return IntakeResult{status, JsonText(body)}; }

// The core reports `$.events[3].t: expected an integer`; the path goes into its own field so a
// client can point at the problem without parsing prose.
IntakeResult Malformed(const std::string& message) {
  Json body = {{"error", "malformed"}, {"message", message}};
  size_t colon = message.find(": ");
  if (!message.empty() && message.front() == '$' && colon != std::string::npos) {
    body["path"] = message.substr(0, colon);
  } else {
    body["path"] = "$";
  }
  return Answer(400, std::move(body));
}

}  // namespace

IntakeResult AcceptLead(const Config& config, CommitQueue& queue, std::string payload,
                        int64_t received_at) {
  VerifyResult verdict = VerifyPayload(config, payload);
  if (verdict.status == VerifyStatus::kMalformed) return Malformed(verdict.message);
  if (verdict.status == VerifyStatus::kRejected) {
    return Answer(422, {{"error", "rejected"}, {"code", verdict.code}, {"message", verdict.message}});
  }

  LeadRecord record;
  record.id = verdict.lead_id;
  record.received_at = received_at;
  record.submitted_at = verdict.submitted_at;
  // Verification refuses a payload whose site or revision differs from the config's.
  record.site = config.site;
  record.revision = config.revision;
  record.email = verdict.email;
  record.stage = verdict.score.stage;
  record.grade = verdict.score.grade;
  record.total = verdict.score.total;
  record.engagement = verdict.score.engagement;
  record.fit = verdict.score.fit;
  // The form fields, for spreadsheets; verification has checked them against the form submits.
  record.lead_fields = verdict.lead_fields;
  record.payload = std::move(payload);

  std::string id = record.id;
  auto stored = queue.Submit(std::move(record));
  if (!stored.ok()) {
    // The reason goes to the operator's log; the client only learns to retry later.
    WriteEventLog("error", "storing a lead failed: " + stored.errors().front().ToString());
    return Answer(503, {{"error", "storage_unavailable"}, {"message", "the lead could not be stored; retry later"}});
  }
  if (stored.value() == InsertOutcome::kDuplicate) {
    return Answer(200, {{"id", id}, {"status", "duplicate"}});
  }
  return Answer(201, {{"id", id}, {"status", "stored"}});
}

}  // namespace leadscore::server

#include "lead_intake.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "access_log.h"
#include "json_answer.h"
#include "lead_columns.h"
#include "leadscore/verify.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

IntakeResult Answer(int status, Json body) { return IntakeResult{status, JsonText(body)}; }

// Each problem keeps its JSON path as a value, so a client can point at it without parsing
// prose; `path` and `message` are the first problem's, `errors` lists them all.
IntakeResult Malformed(const std::vector<Error>& errors) {
  Json listed = Json::array();
  for (const Error& error : errors) listed.push_back({{"path", error.path}, {"message", error.message}});
  const Error& first = errors.front();
  return Answer(400, {{"error", "malformed"}, {"path", first.path}, {"message", first.message}, {"errors", listed}});
}

}  // namespace

IntakeResult AcceptLead(ConfigRevisions& revisions, CommitQueue& queue, std::string_view payload,
                        int64_t received_at) {
  VerifyContext context;
  context.revisions = [&revisions](const std::string& revision) { return revisions.Find(revision); };
  context.now = received_at;
  VerifyResult verdict = VerifyPayload(context, payload);
  if (verdict.status == VerifyStatus::kMalformed) return Malformed(verdict.errors);
  if (verdict.status == VerifyStatus::kRejected) {
    const Error& reason = verdict.errors.front();
    return Answer(422, {{"error", "rejected"}, {"code", verdict.code}, {"path", reason.path}, {"message", reason.message}});
  }

  LeadRecord record;
  record.id = verdict.lead_id;
  record.received_at = received_at;
  record.submitted_at = verdict.submitted_at;
  // Verification refuses a payload for another site, or of a revision no collector has run with.
  record.site = revisions.Find(verdict.revision)->site;
  record.revision = verdict.revision;
  record.email = verdict.email;
  record.person = PersonOf(verdict.email);
  record.stage = verdict.score.stage;
  record.grade = verdict.score.grade;
  record.total = verdict.score.total;
  record.engagement = verdict.score.engagement;
  record.fit = verdict.score.fit;
  // The form fields, for spreadsheets; verification has checked them against the form submits.
  record.lead_fields = verdict.lead_fields;
  // What the collector computed from the events, never the bytes received.
  record.payload = std::move(verdict.payload);

  std::string id = record.id;
  auto stored = queue.Submit(std::move(record));
  if (!stored.ok()) {
    // The reason goes to the operator's log (a refusal by the breaker is logged by the queue, once
    // per outage); the client only learns to retry later.
    const Error& error = stored.errors().front();
    if (!CommitQueue::NotTried(error)) WriteEventLog("error", "storing a lead failed: " + error.ToString());
    return Answer(503, {{"error", "storage_unavailable"}, {"message", "the lead could not be stored; retry later"}});
  }
  if (stored.value() == InsertOutcome::kDuplicate) {
    return Answer(200, {{"id", id}, {"status", "duplicate"}});
  }
  return Answer(201, {{"id", id}, {"status", "stored"}});
}

}  // namespace leadscore::server

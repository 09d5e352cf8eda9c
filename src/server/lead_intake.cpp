#include "lead_intake.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "access_log.h"
#include "leadscore/verify.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

std::string Dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

IntakeResult Answer(int status, Json body) { return IntakeResult{status, Dump(body)}; }

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

// The columns the verdict does not carry: site and revision as sent (verification has checked
// them against the config) and the form fields for spreadsheets. The event log, the bulk of a
// payload, is skipped while parsing rather than built and thrown away.
struct PayloadColumns {
  std::string site;
  std::string revision;
  std::string lead_fields = "{}";
};

PayloadColumns ReadPayloadColumns(std::string_view payload) {
  auto keep = [](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth == 1 && event == Json::parse_event_t::key) {
      const std::string& key = parsed.get_ref<const std::string&>();
      return key == "site" || key == "revision" || key == "lead";
    }
    return true;
  };
  Json root = Json::parse(payload.begin(), payload.end(), keep, /*allow_exceptions=*/false);
  PayloadColumns columns;
  if (!root.is_object()) return columns;
  if (auto site = root.find("site"); site != root.end() && site->is_string()) columns.site = *site;
  if (auto revision = root.find("revision"); revision != root.end() && revision->is_string()) {
    columns.revision = *revision;
  }
  if (auto lead = root.find("lead"); lead != root.end() && lead->is_object()) columns.lead_fields = Dump(*lead);
  return columns;
}

}  // namespace

IntakeResult AcceptLead(const Config& config, CommitQueue& queue, std::string_view payload,
                        int64_t received_at) {
  VerifyResult verdict = VerifyPayload(config, payload);
  if (verdict.status == VerifyStatus::kMalformed) return Malformed(verdict.message);
  if (verdict.status == VerifyStatus::kRejected) {
    return Answer(422, {{"error", "rejected"}, {"code", verdict.code}, {"message", verdict.message}});
  }

  PayloadColumns columns = ReadPayloadColumns(payload);
  LeadRecord record;
  record.id = verdict.lead_id;
  record.received_at = received_at;
  record.submitted_at = verdict.submitted_at;
  record.site = columns.site.empty() ? config.site : columns.site;
  record.revision = columns.revision.empty() ? config.revision : columns.revision;
  record.email = verdict.email;
  record.stage = verdict.score.stage;
  record.grade = verdict.score.grade;
  record.total = verdict.score.total;
  record.engagement = verdict.score.engagement;
  record.fit = verdict.score.fit;
  record.lead_fields = std::move(columns.lead_fields);
  record.payload = std::string(payload);

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

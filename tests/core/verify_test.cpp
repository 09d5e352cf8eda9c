#include "leadscore/verify.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>

#include "leadscore/payload.h"
#include "leadscore/session.h"
#include "example_config.h"

namespace leadscore {
namespace {

using Json = nlohmann::json;


Json GenuinePayload() {
  Session session(testing::ExampleConfig());
  const char* events[] = {
      R"({"type":"visit","t":100000})",
      R"({"type":"page_view","t":100000,"path":"/pricing"})",
      R"({"type":"page_view","t":110000,"path":"/pricing"})",
      R"({"type":"page_view","t":120000,"path":"/pricing"})",
      R"({"type":"slide_view","t":140000,"deck":"tour","slide":1,"ms":15000})",
      R"({"type":"consent","t":150000,"granted":true})",
      R"({"type":"form_submit","t":170000,"form":"lead","fillMs":8000,
          "fields":{"email":"dana@acme.com","job_title":"Head of Growth","company_size":"500"}})",
  };
  for (const char* event : events) EXPECT_FALSE(session.IngestJson(event));
  return Json::parse(BuildPayload(session, 180000).value());
}

VerifyResult Verify(const Json& payload) { return VerifyPayload(testing::ExampleConfig(), payload.dump()); }

TEST(VerifyPayload, AcceptsAGenuineLead) {
  VerifyResult result = Verify(GenuinePayload());
  EXPECT_EQ(VerifyStatus::kVerified, result.status) << result.code << ": " << result.message;
  EXPECT_EQ("dana@acme.com", result.email);
  EXPECT_EQ(R"({"company_size":"500","email":"dana@acme.com","job_title":"Head of Growth"})", result.lead_fields);
  EXPECT_EQ(180000, result.submitted_at);
  EXPECT_EQ("mql", result.score.stage);  // pricing 30 + slide 2 + fit 45 = 77
}

TEST(VerifyPayload, CatchesAForgedScore) {
  Json payload = GenuinePayload();
  payload["score"]["total"] = 99;
  VerifyResult result = Verify(payload);
  EXPECT_EQ(VerifyStatus::kRejected, result.status);
  EXPECT_EQ("score_mismatch", result.code);
}

TEST(VerifyPayload, CatchesForgedFieldsAndIds) {
  Json payload = GenuinePayload();
  payload["lead"]["job_title"] = "Chief Executive";
  EXPECT_EQ("lead_mismatch", Verify(payload).code);
  payload = GenuinePayload();
  payload["id"] = "0000";
  EXPECT_EQ("id_mismatch", Verify(payload).code);
}

TEST(VerifyPayload, CatchesImplausibleLogs) {
  Json payload = GenuinePayload();
  payload["events"][4]["ms"] = 3'600'000;  // an hour on one slide in a 70-second visit
  EXPECT_EQ("implausible_dwell", Verify(payload).code);
  payload = GenuinePayload();
  payload["submittedAt"] = 160000;  // before the form was submitted
  EXPECT_EQ("future_event", Verify(payload).code);
  payload = GenuinePayload();
  payload["revision"] = "2026-10-z";
  EXPECT_EQ("revision_mismatch", Verify(payload).code);
}

TEST(VerifyPayload, RefusesALogSpanningEveryInt64TimeWithoutOverflow) {
  // `last - first` is INT64_MAX here; adding the dwell slack to it would overflow (UBSan checks).
  Json payload = GenuinePayload();
  payload["events"][0]["t"] = 0;
  payload["events"][6]["t"] = INT64_MAX;
  VerifyResult result = Verify(payload);
  EXPECT_EQ(VerifyStatus::kRejected, result.status);
}

TEST(VerifyPayload, RejectsALeadThatDoesNotQualifyOnReScoring) {
  Json payload = GenuinePayload();
  // Without its consent event the log scores the same numbers but may not be sent.
  payload["events"].erase(5);
  VerifyResult result = Verify(payload);
  EXPECT_EQ(VerifyStatus::kRejected, result.status);
  EXPECT_EQ("not_qualified", result.code);
  EXPECT_NE(std::string::npos, result.message.find("no_consent")) << result.message;
}

TEST(VerifyPayload, ReportsMalformedPayloadsWithPaths) {
  EXPECT_EQ(VerifyStatus::kMalformed, VerifyPayload(testing::ExampleConfig(), "{").status);
  Json payload = GenuinePayload();
  payload["events"][4]["ms"] = "long";
  payload.erase("score");
  VerifyResult result = Verify(payload);
  EXPECT_EQ(VerifyStatus::kMalformed, result.status);
  EXPECT_EQ("$.score: is required; $.events[4].ms: expected an integer", result.message);
}

}  // namespace
}  // namespace leadscore

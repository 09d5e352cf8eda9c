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

Config SpecConfig() { return testing::ExampleConfig(); }


// A visit of a minute and a half that qualifies under the example config.
std::vector<std::string> GenuineEvents(int64_t fill_ms = 8000) {
  return {
      R"({"type":"visit","t":100000})",
      R"({"type":"page_view","t":100000,"path":"/pricing"})",
      R"({"type":"page_view","t":110000,"path":"/pricing"})",
      R"({"type":"page_view","t":120000,"path":"/pricing"})",
      R"({"type":"slide_view","t":140000,"deck":"tour","slide":1,"ms":15000})",
      R"({"type":"consent","t":150000,"granted":true})",
      R"({"type":"form_start","t":160000,"form":"lead"})",
      R"({"type":"form_submit","t":170000,"form":"lead","fillMs":)" + std::to_string(fill_ms) + R"(,
          "fields":{"email":"dana@acme.com","job_title":"Head of Growth","company_size":"500"}})",
  };
}

// The payload a page would send for these events at `at`, however implausible they are.
Json PayloadOf(const std::vector<std::string>& events, int64_t at = 180000) {
  Session session(SpecConfig());
  for (const std::string& event : events) EXPECT_FALSE(session.IngestJson(event)) << event;
  return Json::parse(BuildPayload(session, at).value());
}

Json GenuinePayload() { return PayloadOf(GenuineEvents()); }

VerifyResult Verify(const Json& payload) { return VerifyPayload(SpecConfig(), payload.dump()); }

TEST(VerifyPayload, AcceptsAGenuineLead) {
  VerifyResult result = Verify(GenuinePayload());
  ASSERT_EQ(VerifyStatus::kVerified, result.status) << result.code << ": " << result.errors.at(0).ToString();
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
  EXPECT_EQ("stale_revision", Verify(payload).code);
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
  ASSERT_EQ(1u, result.errors.size());
  EXPECT_EQ("$.events", result.errors[0].path);
  EXPECT_EQ("the re-scored lead does not qualify: no_consent", result.errors[0].message);
}

TEST(VerifyPayload, ReportsMalformedPayloadsWithPaths) {
  EXPECT_EQ(VerifyStatus::kMalformed, VerifyPayload(testing::ExampleConfig(), "{").status);
  Json payload = GenuinePayload();
  payload["events"][4]["ms"] = "long";
  payload.erase("score");
  VerifyResult result = Verify(payload);
  EXPECT_EQ(VerifyStatus::kMalformed, result.status);
  ASSERT_EQ(2u, result.errors.size());
  EXPECT_EQ("$.score", result.errors[0].path);
  EXPECT_EQ("is required", result.errors[0].message);
  EXPECT_EQ("$.events[4].ms", result.errors[1].path);
  EXPECT_EQ("expected an integer", result.errors[1].message);
}

// The path is a value from the reader to the edge: a key holding ": " stays whole.
TEST(VerifyPayload, KeepsAPathWithAColonWhole) {
  Json payload = GenuinePayload();
  payload["events"][7]["fields"]["a: b"] = Json::array({1});
  VerifyResult result = Verify(payload);
  ASSERT_EQ(VerifyStatus::kMalformed, result.status);
  ASSERT_EQ(1u, result.errors.size());
  EXPECT_EQ("$.events[7].fields[\"a: b\"]", result.errors[0].path);
}

TEST(VerifyPayload, NamesThePathOfARejection) {
  Json payload = GenuinePayload();
  payload["events"][4]["ms"] = 3'600'000;
  VerifyResult result = Verify(payload);
  ASSERT_EQ(1u, result.errors.size());
  EXPECT_EQ("$.events[4].ms", result.errors[0].path);
  payload = GenuinePayload();
  payload["score"]["total"] = 99;
  EXPECT_EQ("$.score", Verify(payload).errors.at(0).path);
}

// Each plausibility reason: a payload that just passes, and one that just fails.
VerifyResult VerifyAt(const Json& payload, int64_t now) {
  Config config = SpecConfig();
  VerifyContext context;
  context.revisions = [&config](const std::string& revision) { return revision == config.revision ? &config : nullptr; };
  context.now = now;
  return VerifyPayload(context, payload.dump());
}

std::string CodeOf(const VerifyResult& result) {
  return result.status == VerifyStatus::kVerified ? "verified" : result.code;
}

TEST(Plausibility, DwellFitsSinceItsPageWasEntered) {
  // The visit began at 100000, but this content was read on /docs, entered at 171000: 4 s before
  // the view ended, and the clocks may disagree by 2 s.
  auto with_view = [](int64_t ms) {
    std::vector<std::string> events = GenuineEvents();
    events.push_back(R"({"type":"page_view","t":171000,"path":"/docs"})");
    events.push_back(R"({"type":"content_view","t":175000,"id":"case","ms":)" + std::to_string(ms) + "}");
    return PayloadOf(events);
  };
  EXPECT_EQ("verified", CodeOf(Verify(with_view(6000))));
  VerifyResult result = Verify(with_view(6001));
  EXPECT_EQ("implausible_dwell", CodeOf(result));
  EXPECT_EQ("$.events[9].ms", result.errors.at(0).path);
}

TEST(Plausibility, FillTimeFitsBetweenFormStartAndSubmit) {
  // form_start at 160000, form_submit at 170000, 2 s of clock slack.
  EXPECT_EQ("verified", CodeOf(Verify(PayloadOf(GenuineEvents(12000)))));
  VerifyResult result = Verify(PayloadOf(GenuineEvents(12001)));
  EXPECT_EQ("implausible_fill", CodeOf(result));
  EXPECT_EQ("$.events[7].fillMs", result.errors.at(0).path);

  // Never touched: the time runs from the form's form_view; never seen at all: no fill time.
  std::vector<std::string> viewed = GenuineEvents(12000);
  viewed[6] = R"({"type":"form_view","t":160000,"form":"lead"})";
  EXPECT_EQ("verified", CodeOf(Verify(PayloadOf(viewed))));
  std::vector<std::string> unseen = GenuineEvents();
  unseen.erase(unseen.begin() + 6);
  EXPECT_EQ("implausible_fill", CodeOf(Verify(PayloadOf(unseen))));
}

TEST(Plausibility, SubmittedAtWithinTheConfiguredWindowOfTheClock) {
  Json payload = GenuinePayload();  // submittedAt 180000
  const Config config = SpecConfig();
  int64_t skew = config.submit.max_clock_skew_ms;
  int64_t age = config.submit.max_age_ms;
  EXPECT_EQ("verified", CodeOf(VerifyAt(payload, 180000 - skew)));
  EXPECT_EQ("submitted_in_future", CodeOf(VerifyAt(payload, 180000 - skew - 1)));
  EXPECT_EQ("verified", CodeOf(VerifyAt(payload, 180000 + age)));
  VerifyResult old = VerifyAt(payload, 180000 + age + 1);
  EXPECT_EQ("submitted_too_old", CodeOf(old));
  EXPECT_EQ("$.submittedAt", old.errors.at(0).path);
}

TEST(Plausibility, NoEventAfterSubmittedAt) {
  EXPECT_EQ("verified", CodeOf(Verify(PayloadOf(GenuineEvents(), 170000))));
  VerifyResult result = Verify(PayloadOf(GenuineEvents(), 169999));
  EXPECT_EQ("future_event", CodeOf(result));
  EXPECT_EQ("$.events[7].t", result.errors.at(0).path);
}

TEST(CollectorsOwnNumbers, RefusesAForgedBreakdownOrContext) {
  Json payload = GenuinePayload();
  payload["breakdown"][0]["points"] = payload["breakdown"][0]["points"].get<double>() + 0.004;
  EXPECT_EQ("verified", CodeOf(Verify(payload))) << "a printing difference is not a claim";
  payload["breakdown"][0]["points"] = payload["breakdown"][0]["points"].get<double>() + 1;
  EXPECT_EQ("breakdown_mismatch", CodeOf(Verify(payload)));
  payload = GenuinePayload();
  payload["breakdown"].erase(0);
  EXPECT_EQ("breakdown_mismatch", CodeOf(Verify(payload)));
  payload = GenuinePayload();
  payload["context"]["pages"][0]["views"] = 40;
  VerifyResult result = Verify(payload);
  EXPECT_EQ("context_mismatch", CodeOf(result));
  EXPECT_EQ("$.context", result.errors.at(0).path);
}

TEST(CollectorsOwnNumbers, ThePayloadKeptIsTheVerifiersOwn) {
  Json payload = GenuinePayload();
  std::string genuine = payload.dump();
  payload["padding"] = std::string(100, 'x');
  payload["lead"] = Json::parse(R"({"job_title":"Head of Growth","email":"dana@acme.com","company_size":"500"})");
  VerifyResult result = VerifyPayload(SpecConfig(), "\xEF\xBB\xBF" + payload.dump());
  ASSERT_EQ("verified", CodeOf(result));
  EXPECT_EQ(genuine, Json::parse(result.payload).dump());
  EXPECT_EQ(std::string::npos, result.payload.find("padding"));
  EXPECT_EQ('{', result.payload.front());
}

TEST(Revisions, APayloadIsVerifiedWithItsOwnRevision) {
  Config earlier = SpecConfig();
  Config current = SpecConfig();
  current.revision = "2026-12-a";
  current.thresholds.front().value += 1000;  // nothing qualifies under the new revision
  VerifyContext context;
  context.revisions = [&](const std::string& revision) -> const Config* {
    if (revision == current.revision) return &current;
    return revision == earlier.revision ? &earlier : nullptr;
  };
  Json payload = GenuinePayload();
  VerifyResult result = VerifyPayload(context, payload.dump());
  EXPECT_EQ("verified", CodeOf(result));
  EXPECT_EQ(earlier.revision, result.revision);
  payload["revision"] = "2026-10-z";
  result = VerifyPayload(context, payload.dump());
  EXPECT_EQ("stale_revision", CodeOf(result));
  EXPECT_EQ("$.revision", result.errors.at(0).path);
}

}  // namespace
}  // namespace leadscore

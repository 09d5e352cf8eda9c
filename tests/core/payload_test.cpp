#include "leadscore/payload.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "leadscore/verify.h"
#include "example_config.h"

namespace leadscore {
namespace {

using Json = nlohmann::json;

Session QualifiedSession(const std::string& config_json = testing::ExampleConfigText()) {
  Session session(ParseConfig(config_json).value());
  const char* events[] = {
      R"({"type":"visit","t":1000,"utm":{"utm_source":"newsletter"}})",
      R"({"type":"page_view","t":1000,"path":"/pricing"})",
      R"({"type":"page_view","t":2000,"path":"/pricing"})",
      R"({"type":"page_view","t":3000,"path":"/pricing/enterprise"})",
      R"({"type":"content_view","t":9000,"id":"case-study","ms":4000})",
      R"({"type":"slide_view","t":20000,"deck":"tour","slide":1,"of":14,"ms":6000})",
      R"({"type":"slide_view","t":30000,"deck":"tour","slide":2,"of":14,"ms":7000})",
      R"({"type":"consent","t":31000,"granted":true})",
      R"({"type":"form_submit","t":40000,"form":"lead","fillMs":8000,
          "fields":{"email":"Dana@Acme.com","job_title":"VP Sales","company_size":2000}})",
  };
  for (const char* event : events) EXPECT_FALSE(session.IngestJson(event));
  return session;
}

TEST(BuildPayload, CarriesScoreContextAndEvents) {
  Session session = QualifiedSession();
  std::optional<std::string> text = BuildPayload(session);
  ASSERT_TRUE(text);
  Json payload = Json::parse(*text);
  EXPECT_EQ("leadscore/lead@1", payload["schema"]);
  // FNV-1a of "example.com\ndana@acme.com\n40000" with two bases, worked out apart from the code:
  // a change of this id would let stored submissions be taken again.
  EXPECT_EQ("5e61bc40ad252df5ccf434d01171c41e", payload["id"]);
  EXPECT_EQ("example.com", payload["site"]);
  EXPECT_EQ("2026-11-a", payload["revision"]);
  EXPECT_EQ(40000, payload["submittedAt"]);
  EXPECT_EQ(2000, payload["lead"]["company_size"]);
  EXPECT_EQ("mql", payload["score"]["stage"]);
  EXPECT_EQ(1, payload["context"]["visits"]);
  EXPECT_EQ(1000, payload["context"]["firstSeen"]);
  EXPECT_EQ(40000, payload["context"]["lastSeen"]);
  EXPECT_EQ(Json::parse(R"([{"path":"/pricing","views":2},{"path":"/pricing/enterprise","views":1}])"),
            payload["context"]["pages"]);
  EXPECT_EQ(Json::parse(R"([{"id":"case-study","views":1,"ms":4000}])"), payload["context"]["content"]);
  EXPECT_EQ(Json::parse(R"([{"deck":"tour","slides":14,"seen":[1,2],"ms":13000,
                             "perSlide":[{"slide":1,"ms":6000},{"slide":2,"ms":7000}]}])"),
            payload["context"]["decks"]);
  EXPECT_EQ("newsletter", payload["context"]["utm"]["utm_source"]);
  EXPECT_EQ(9u, payload["events"].size());
}

TEST(BuildPayload, NothingForAnUnqualifiedLead) {
  Session session(testing::ExampleConfig());
  ASSERT_FALSE(session.IngestJson(R"({"type":"page_view","t":1,"path":"/pricing"})"));
  EXPECT_FALSE(BuildPayload(session));
}

TEST(BuildPayload, KeepsWhatQualificationRestsOnThenTheMostRecentAndScoresExactlyThose) {
  std::string config = testing::ExampleConfigText();
  config.replace(config.find("\"maxEvents\": 1000"), 17, "\"maxEvents\": 5");
  config.replace(config.find("\"mql\": 50"), 9, "\"mql\": 40");
  Session session = QualifiedSession(config);
  Json payload = Json::parse(BuildPayload(session).value());
  // The visit, the consent and the submit, then the two most recent others: the two slides.
  std::vector<int64_t> times;
  for (const Json& event : payload["events"]) times.push_back(event["t"]);
  EXPECT_EQ((std::vector<int64_t>{1000, 20000, 30000, 31000, 40000}), times);
  // The pricing views (30 points) fell out of the window: fit 45 + slides 2 × 2 = 49.
  EXPECT_EQ(49, payload["score"]["total"]);
  EXPECT_EQ(0u, payload["context"]["pages"].size());
}

// A genuine session of 5 000 events that consented at its start: its payload keeps the consent
// and the form, stays small, and the collector verifies it.
TEST(BuildPayload, AFiveThousandEventSessionIsDeliverable) {
  Session session(ParseConfig(testing::ExampleConfigText()).value());
  int64_t t = 1'000'000;
  ASSERT_FALSE(session.IngestJson(R"({"type":"visit","t":)" + std::to_string(t) + "}"));
  ASSERT_FALSE(session.IngestJson(R"({"type":"consent","t":)" + std::to_string(t) + R"(,"granted":true})"));
  for (int n = 0; n < 4995; ++n) {
    t += 1000;
    std::string path = n % 2 ? "/pricing/plan-" + std::to_string(n % 7) : "/docs/a-rather-long-page-name-" + std::to_string(n);
    ASSERT_FALSE(session.IngestJson(R"({"type":"page_view","t":)" + std::to_string(t) + R"(,"path":")" + path +
                                    R"(","title":"A page with a title of some length"})"));
  }
  ASSERT_FALSE(session.IngestJson(R"({"type":"form_view","t":)" + std::to_string(t + 1000) + R"(,"form":"lead"})"));
  ASSERT_FALSE(session.IngestJson(R"({"type":"form_start","t":)" + std::to_string(t + 2000) + R"(,"form":"lead"})"));
  ASSERT_FALSE(session.IngestJson(R"({"type":"form_submit","t":)" + std::to_string(t + 9000) +
                                  R"(,"form":"lead","fillMs":7000,"fields":{"email":"long@acme.com","job_title":"VP Sales","company_size":900}})"));
  ASSERT_EQ(5000u, session.events().size());
  ASSERT_TRUE(session.ComputeScore().qualified);
  std::optional<std::string> payload = BuildPayload(session);
  ASSERT_TRUE(payload) << "the lead must still qualify on what its payload carries";
  EXPECT_LT(payload->size(), 200u * 1024);
  Json parsed = Json::parse(*payload);
  EXPECT_EQ("consent", parsed["events"][1]["type"]);
  EXPECT_LE(parsed["events"].size(), 1000u);
  VerifyResult verdict = VerifyPayload(session.config(), *payload);
  EXPECT_EQ(VerifyStatus::kVerified, verdict.status) << verdict.code;
  EXPECT_EQ(*payload, verdict.payload);
}

TEST(LeadId, IsOneSubmissionsAndIgnoresEmailCase) {
  EXPECT_EQ("5e61bc40ad252df5ccf434d01171c41e", LeadId("example.com", " Dana@ACME.com", 40000));
  EXPECT_NE(LeadId("a.com", "x@y.io", 1), LeadId("b.com", "x@y.io", 1));
  EXPECT_NE(LeadId("a.com", "x@y.io", 1), LeadId("a.com", "x@y.io", 2));
}

TEST(BuildPayload, ASecondSubmissionIsANewId) {
  Session session = QualifiedSession();
  std::string first = Json::parse(BuildPayload(session).value())["id"];
  ASSERT_FALSE(session.IngestJson(R"({"type":"page_view","t":50000,"path":"/pricing"})"));
  EXPECT_EQ(first, Json::parse(BuildPayload(session).value())["id"]) << "more reading is the same submission";
  ASSERT_FALSE(session.IngestJson(R"({"type":"form_submit","t":60000,"form":"lead","fields":{"email":"dana@acme.com"}})"));
  EXPECT_EQ(LeadId("example.com", "dana@acme.com", 60000), Json::parse(BuildPayload(session).value())["id"]);
}

}  // namespace
}  // namespace leadscore

#include "leadscore/payload.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
  EXPECT_EQ(LeadId("example.com", "dana@acme.com"), payload["id"]);
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

TEST(BuildPayload, KeepsTheMostRecentEventsAndScoresExactlyThose) {
  std::string config = testing::ExampleConfigText();
  config.replace(config.find("\"maxEvents\": 1000"), 17, "\"maxEvents\": 5");
  config.replace(config.find("\"mql\": 50"), 9, "\"mql\": 40");
  Session session = QualifiedSession(config);
  Json payload = Json::parse(BuildPayload(session).value());
  ASSERT_EQ(5u, payload["events"].size());
  EXPECT_EQ(9000, payload["events"][0]["t"]);
  // The pricing views (30 points) fell out of the window: fit 45 + slides 2 × 2 = 49.
  EXPECT_EQ(49, payload["score"]["total"]);
  EXPECT_EQ(0u, payload["context"]["pages"].size());
}

TEST(LeadId, IsStableAndIgnoresEmailCase) {
  EXPECT_EQ(LeadId("a.com", "X@Y.io"), LeadId("a.com", "x@y.io"));
  EXPECT_NE(LeadId("a.com", "x@y.io"), LeadId("b.com", "x@y.io"));
  EXPECT_EQ(32u, LeadId("a.com", "x@y.io").size());
}

}  // namespace
}  // namespace leadscore

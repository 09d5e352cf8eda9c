#include "lead_claims.h"

#include <gtest/gtest.h>

#include <random>

#include "expect_same_event.h"
#include "json_mutation.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"
#include "example_config.h"

namespace leadscore::detail {
namespace {

std::string GenuinePayload() {
  Session session(testing::ExampleConfig());
  const char* events[] = {
      R"({"type":"visit","t":100000,"utm":{"utm_source":"news"}})",
      R"({"type":"page_view","t":100000,"path":"/pricing","title":"Pricing"})",
      R"({"type":"content_view","t":105000,"id":"hero","tags":["product","pricing"],"ms":4000})",
      R"({"type":"slide_view","t":140000,"deck":"tour","slide":1,"of":14,"ms":15000})",
      R"({"type":"consent","t":150000,"granted":true})",
      R"({"type":"custom","t":160000,"name":"calc","value":2.5})",
      R"({"type":"form_submit","t":170000,"form":"lead","fillMs":8000,"webdriver":false,
          "fields":{"email":"dana@acme.com","job_title":"Head of Growth","company_size":500}})",
  };
  for (const char* event : events) EXPECT_FALSE(session.IngestJson(event));
  return BuildPayload(session, 180000).value();
}

void ExpectSameClaims(const LeadClaims& expected, const LeadClaims& actual, const std::string& text) {
  SCOPED_TRACE(text);
  EXPECT_EQ(expected.id, actual.id);
  EXPECT_EQ(expected.site, actual.site);
  EXPECT_EQ(expected.revision, actual.revision);
  EXPECT_EQ(expected.submitted_at, actual.submitted_at);
  EXPECT_EQ(expected.lead, actual.lead);
  EXPECT_EQ(expected.total, actual.total);
  EXPECT_EQ(expected.engagement, actual.engagement);
  EXPECT_EQ(expected.fit, actual.fit);
  EXPECT_EQ(expected.stage, actual.stage);
  EXPECT_EQ(expected.grade, actual.grade);
  EXPECT_EQ(expected.breakdown, actual.breakdown);
  EXPECT_EQ(expected.context, actual.context);
  ASSERT_EQ(expected.events.size(), actual.events.size());
  for (size_t i = 0; i < expected.events.size(); ++i) {
    testing::ExpectSameEvent(expected.events[i], actual.events[i], "event " + std::to_string(i));
  }
}

#ifdef LEADSCORE_HAVE_SIMDJSON

// Whatever the fast reader accepts, the tree must read as the very same claims.
void ExpectAgreement(const std::string& text) {
  std::optional<LeadClaims> fast = ReadValidLeadClaimsFast(text);
  if (!fast) return;
  Result<LeadClaims> general = ReadLeadClaims(text);
  ASSERT_TRUE(general.ok()) << "the fast reader accepted what the tree refuses ("
                            << general.errors().front().ToString() << "): " << text;
  ExpectSameClaims(general.value(), *fast, text);
}

TEST(ReadValidLeadClaimsFast, ReadsAGenuinePayloadLikeTheTree) {
  std::string payload = GenuinePayload();
  std::optional<LeadClaims> fast = ReadValidLeadClaimsFast(payload);
  ASSERT_TRUE(fast);
  EXPECT_EQ(7u, fast->events.size());
  EXPECT_EQ((std::optional<std::string>("500")), fast->lead["company_size"]);
  ExpectAgreement(payload);
}

TEST(ReadValidLeadClaimsFast, FollowsTheLastOfDuplicateKeys) {
  std::string payload = GenuinePayload();
  std::string with_first = R"({"score":{"total":1},"events":[],"lead":{"email":3},)" + payload.substr(1);
  ASSERT_TRUE(ReadValidLeadClaimsFast(with_first));
  ExpectAgreement(with_first);
  std::string with_last = payload.substr(0, payload.size() - 1) + R"(,"submittedAt":5,"lead":{"a":" b ","a":true}})";
  std::optional<LeadClaims> fast = ReadValidLeadClaimsFast(with_last);
  ASSERT_TRUE(fast);
  EXPECT_EQ(5, fast->submitted_at);
  EXPECT_EQ((std::map<std::string, std::optional<std::string>>{{"a", std::nullopt}}), fast->lead);
  ExpectAgreement(with_last);
}

TEST(ReadValidLeadClaimsFast, LeavesWhatItIsNotSureOfToTheTree) {
  std::string payload = GenuinePayload();
  const char* unsure[] = {R"("submittedAt":180000.0)", R"("submittedAt":-1)", R"("schema":"leadscore/lead@2")",
                          R"("id":"")", R"("events":{})", R"("score":{"total":"1"})"};
  for (const char* member : unsure) {
    std::string text = payload.substr(0, payload.size() - 1) + "," + member + "}";
    EXPECT_FALSE(ReadValidLeadClaimsFast(text)) << member;
  }
  EXPECT_FALSE(ReadValidLeadClaimsFast(payload + " x"));
  EXPECT_FALSE(ReadValidLeadClaimsFast("[" + payload + "]"));
}

TEST(ReadValidLeadClaimsFast, AgreesWithTheTreeOnMutatedPayloads) {
  std::mt19937 random(20261123);
  const std::string payload = GenuinePayload();
  for (int round = 0; round < 4000; ++round) {
    ExpectAgreement(testing::MutateJson(payload, random));
    if (HasFatalFailure()) return;
  }
}

#endif

TEST(ReadLeadClaims, ReportsEveryProblemWithItsPath) {
  Result<LeadClaims> claims = ReadLeadClaims(R"({"schema":"leadscore/lead@1","id":"x","site":"","revision":"",
      "submittedAt":-5,"lead":[],"score":{"total":1,"engagement":1,"fit":0,"stage":"mql"},"events":[{"type":"visit"}]})");
  ASSERT_FALSE(claims.ok());
  std::vector<std::string> messages;
  for (const Error& error : claims.errors()) messages.push_back(error.ToString());
  EXPECT_EQ((std::vector<std::string>{"$.submittedAt: must be at least 0", "$.lead: expected an object",
                                      "$.score.grade: is required", "$.breakdown: is required",
                                      "$.context: is required", "$.events[0].t: is required"}),
            messages);
  EXPECT_EQ("$", ReadLeadClaims("{").errors().front().path);
}

}  // namespace
}  // namespace leadscore::detail

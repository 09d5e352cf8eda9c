#include <gtest/gtest.h>

#include "leadscore/session.h"
#include "example_config.h"

namespace leadscore {
namespace {

constexpr int64_t kDay = 86'400'000;


void Ingest(Session& session, const std::string& json) {
  auto error = session.IngestJson(json);
  ASSERT_FALSE(error) << error->ToString();
}

std::string Slide(int64_t t, int slide, int64_t ms) {
  return R"({"type":"slide_view","t":)" + std::to_string(t) + R"(,"deck":"tour","slide":)" +
         std::to_string(slide) + R"(,"of":14,"ms":)" + std::to_string(ms) + "}";
}

const BreakdownEntry* Find(const Score& score, const std::string& rule) {
  for (const auto& entry : score.breakdown) {
    if (entry.rule == rule) return &entry;
  }
  return nullptr;
}
// The entry lives in the score: a temporary one would leave the pointer dangling (AddressSanitizer
// caught a test reading a freed breakdown that way).
const BreakdownEntry* Find(Score&& score, const std::string& rule) = delete;

TEST(Session, EmptySessionIsAVisitorWithLockedGates) {
  Session session(testing::ExampleConfig());
  Score score = session.ComputeScore();
  EXPECT_EQ(0, score.total);
  EXPECT_EQ("visitor", score.stage);
  EXPECT_EQ("D", score.grade);
  EXPECT_FALSE(score.qualified);
  EXPECT_EQ(std::vector<std::string>({"no_email", "below_stage", "no_consent"}), score.reasons);
  ASSERT_EQ(1u, score.gates.size());
  EXPECT_TRUE(score.gates[0].locked);
}

TEST(Session, DerivesDeckCompleteOnceAtTheNeededDistinctSlide) {
  Session session(testing::ExampleConfig());
  // 14 slides × 0.8 → 12 distinct slides complete the tour.
  for (int slide = 1; slide <= 11; ++slide) Ingest(session, Slide(slide * 10000, slide, 6000));
  Score before = session.ComputeScore();
  EXPECT_EQ(nullptr, Find(before, "tour-done"));
  Ingest(session, Slide(120000, 12, 6000));
  Ingest(session, Slide(130000, 13, 6000));
  Score after = session.ComputeScore();
  const BreakdownEntry* done = Find(after, "tour-done");
  ASSERT_NE(nullptr, done);
  EXPECT_EQ(1, done->count);
  EXPECT_EQ(15, done->points);
  // 13 distinct slides × 2 = 26, capped at 20.
  EXPECT_EQ(20, Find(after, "tour-slides")->points);
}

TEST(Session, ScoresOutOfOrderArrivalsInTimeOrder) {
  Session in_order(testing::ExampleConfig()), shuffled(testing::ExampleConfig());
  std::vector<std::string> events = {
      R"({"type":"visit","t":0})", R"({"type":"page_view","t":1000,"path":"/pricing"})",
      R"({"type":"visit","t":2000})", R"({"type":"page_view","t":3000,"path":"/pricing/enterprise"})",
      R"({"type":"consent","t":4000,"granted":true})", R"({"type":"consent","t":5000,"granted":false})"};
  for (const auto& event : events) Ingest(in_order, event);
  for (auto it = events.rbegin(); it != events.rend(); ++it) Ingest(shuffled, *it);
  Score expected = in_order.ComputeScore(), actual = shuffled.ComputeScore();
  EXPECT_EQ(expected.total, actual.total);
  EXPECT_EQ(expected.reasons, actual.reasons);
  EXPECT_EQ(5, Find(actual, "returning")->points);  // the 2nd visit is still the 2nd
  EXPECT_EQ("2000", std::to_string(shuffled.events()[2].t));
  // consent granted then withdrawn: the latest (by t) wins, whatever the arrival order.
  EXPECT_NE(std::find(actual.reasons.begin(), actual.reasons.end(), "no_consent"), actual.reasons.end());
}

TEST(Session, QualifiesAFittingEngagedLead) {
  Session session(testing::ExampleConfig());
  Ingest(session, R"({"type":"visit","t":0})");
  for (int slide = 1; slide <= 12; ++slide) Ingest(session, Slide(slide * 10000, slide, 6000));
  Ingest(session, R"({"type":"consent","t":130000,"granted":true})");
  Ingest(session, R"({"type":"form_submit","t":140000,"form":"lead","fillMs":9000,
      "fields":{"email":"dana@acme.com","job_title":"VP Marketing","company_size":"2000"}})");
  Score score = session.ComputeScore();
  // engagement 20 (slides, capped) + 15 × 0.5^(20 s / 30 days) = 34.99992; fit 10 + 20 + 15 = 45.
  EXPECT_EQ(45, score.fit);
  EXPECT_EQ("C", score.grade);  // 45 of 100: C from 0.25, B from 0.5
  EXPECT_EQ(80, score.total);       // 79.99992 before rounding
  EXPECT_EQ("sql", score.stage);   // stages compare the reported, rounded total
  EXPECT_TRUE(score.qualified);
  EXPECT_FALSE(score.gates[0].locked);
}

TEST(Session, RefusesDerivedEventsAsInput) {
  Session session(testing::ExampleConfig());
  Event event;
  event.type = EventType::kDeckComplete;
  auto error = session.Ingest(event);
  ASSERT_TRUE(error);
  EXPECT_EQ("$.type", error->path);
  EXPECT_TRUE(session.events().empty());
}

TEST(Session, DecaysToTheRequestedNow) {
  Session session(testing::ExampleConfig());
  Ingest(session, R"({"type":"page_view","t":0,"path":"/pricing"})");
  EXPECT_EQ(10, session.ComputeScore().engagement);
  EXPECT_EQ(5, session.ComputeScore(30 * kDay).engagement);
}

TEST(Session, LaterFieldsWinButBlanksNeverOverwrite) {
  Session session(testing::ExampleConfig());
  Ingest(session, R"({"type":"form_submit","t":1,"form":"a","fields":{"email":"a@x.io","job_title":"Engineer"}})");
  Ingest(session, R"({"type":"form_submit","t":2,"form":"b","fields":{"email":"  ","job_title":" Head of Ops "}})");
  auto fields = session.LeadFields();
  ASSERT_EQ(2u, fields.size());
  EXPECT_EQ("a@x.io", fields[0].second.text);
  EXPECT_EQ("Head of Ops", fields[1].second.text);
}

}  // namespace
}  // namespace leadscore

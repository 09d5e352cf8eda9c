#include <gtest/gtest.h>

#include "leadscore/event.h"

namespace leadscore {
namespace {

std::string FirstError(const std::string& json) {
  Result<Event> event = ParseEvent(json);
  return event.ok() ? "" : event.errors().front().ToString();
}

TEST(ParseEvent, ReadsEveryFieldOfItsType) {
  Result<Event> event = ParseEvent(R"({"type": "slide_view", "t": 1000, "deck": "tour", "slide": 3, "of": 14, "ms": 5200})");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(EventType::kSlideView, event.value().type);
  EXPECT_EQ("tour", event.value().deck);
  EXPECT_EQ(3, event.value().slide);
  EXPECT_EQ(14, event.value().of);
  EXPECT_EQ(5200, event.value().ms);
}

TEST(ParseEvent, StripsQueryAndFragmentFromPaths) {
  Result<Event> event = ParseEvent(R"({"type": "page_view", "t": 1, "path": "/pricing?plan=pro#faq"})");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ("/pricing", event.value().path);
}

// Found by the event fuzzer: "?/pricing" read as an empty path, which the lead payload built
// from it could not carry (its reader refuses an empty path), so the collector refused the lead.
TEST(ParseEvent, RefusesAPathThatIsOnlyAQueryOrAFragment) {
  EXPECT_EQ("$.path: must not be empty without its query string and fragment",
            FirstError(R"({"type": "page_view", "t": 1, "path": "?/pricing"})"));
  EXPECT_EQ("$.path: must not be empty without its query string and fragment",
            FirstError(R"({"type": "page_view", "t": 1, "path": "#top"})"));
}

TEST(ParseEvent, TrimsFieldValuesAndKeepsNumbers) {
  Result<Event> event = ParseEvent(
      R"({"type": "form_submit", "t": 1, "form": "lead", "fields": {"email": "  a@b.co ", "company_size": 2000}})");
  ASSERT_TRUE(event.ok());
  ASSERT_EQ(2u, event.value().fields.size());
  EXPECT_EQ("2000", event.value().fields[0].second.text);
  EXPECT_TRUE(event.value().fields[0].second.is_number);
  EXPECT_EQ("a@b.co", event.value().fields[1].second.text);
}

TEST(ParseEvent, RefusesWithAClearMessage) {
  EXPECT_EQ("$.type: unknown event type \"scroll\"", FirstError(R"({"type": "scroll", "t": 1})"));
  EXPECT_EQ("$.type: deck_complete is derived by leadscore and cannot be sent as an event",
            FirstError(R"({"type": "deck_complete", "t": 1, "deck": "d"})"));
  EXPECT_EQ("$.ms: must be between 0 and 86400000",
            FirstError(R"({"type": "content_view", "t": 1, "id": "x", "ms": 86400001})"));
  EXPECT_EQ("$.slide: must be at least 1",
            FirstError(R"({"type": "slide_view", "t": 1, "deck": "d", "slide": 0, "ms": 1})"));
  EXPECT_EQ("$.t: is required", FirstError(R"({"type": "visit"})"));
  EXPECT_EQ("$.t: expected an integer", FirstError(R"({"type": "visit", "t": "now"})"));
  EXPECT_EQ("$.fields.age: expected a string or a number",
            FirstError(R"({"type": "form_submit", "t": 1, "form": "f", "fields": {"age": []}})"));
  EXPECT_EQ("$: expected an event object", FirstError("42"));
  EXPECT_NE(std::string::npos, FirstError(R"({"type": )").find("parse error at line 1"));
}

TEST(EventToJson, WritesOnlyTheFieldsOfTheType) {
  Result<Event> event = ParseEvent(R"({"type": "click", "t": 5, "id": "cta", "ms": 40, "path": "/x"})");
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(R"({"type":"click","t":5,"id":"cta"})", EventToJson(event.value()));
}

}  // namespace
}  // namespace leadscore

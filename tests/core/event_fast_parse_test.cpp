#include "event_fast_parse.h"

#include <gtest/gtest.h>

#include <random>

#include "event_json.h"

namespace leadscore::detail {
namespace {

const char* kSamples[] = {
    R"({"type":"visit","t":1,"utm":{"utm_source":"x","utm_medium":"y"}})",
    R"({"type":"page_view","t":2,"path":"/pricing?a=1#b","title":"","extra":{"deep":[1,{"x":null}]}})",
    R"({"type":"content_view","t":3,"id":"hero","tags":["a","b"],"ms":1200})",
    R"({"type":"slide_view","t":4,"deck":"tour","slide":2,"of":14,"ms":5000})",
    R"({"type":"form_submit","t":5,"form":"lead","fields":{"z":" 1 ","a":2.5,"a":"again","n":-3},
        "fillMs":900,"honeypot":"","webdriver":false})",
    R"({"t":6,"type":"consent","granted":true})",
    R"({"type":"custom","t":7,"name":"calc","value":12.25})",
    R"({"type":"download","t":8,"id":"wp.pdf","tags":[]})",
    R"({"type":"form_start","t":9,"form":"f","ms":"ignored"})",
};

// Whatever the fast reader accepts, the general path must accept as the very same event.
void ExpectAgreement(const std::string& text) {
  std::optional<Event> fast = ParseValidEventFast(text);
  if (!fast) return;
  Result<Json> tree = ParseJson(text);
  ASSERT_TRUE(tree.ok()) << "fast path accepted malformed JSON: " << text;
  std::vector<Error> errors;
  std::optional<Event> general = EventFromJson(tree.value(), "$", errors);
  ASSERT_TRUE(general) << "fast path accepted what the general path refuses (" << errors.front().ToString()
                       << "): " << text;
  EXPECT_EQ(EventToJson(*general), EventToJson(*fast)) << text;
}

TEST(ParseValidEventFast, ReadsEverySampleLikeTheGeneralPath) {
  for (const char* sample : kSamples) {
    ASSERT_TRUE(ParseValidEventFast(sample)) << sample;
    ExpectAgreement(sample);
  }
}

TEST(ParseValidEventFast, LeavesInvalidEventsToTheGeneralPath) {
  EXPECT_FALSE(ParseValidEventFast(R"({"type":"content_view","t":3,"id":"hero","ms":86400001})"));
  EXPECT_FALSE(ParseValidEventFast(R"({"type":"slide_view","t":4,"deck":"tour","slide":0,"ms":5})"));
  EXPECT_FALSE(ParseValidEventFast(R"({"type":"deck_complete","t":4,"deck":"tour"})"));
  EXPECT_FALSE(ParseValidEventFast(R"({"type":"visit","t":1.5})"));
  EXPECT_FALSE(ParseValidEventFast(R"({"type":"visit","t":1} x)"));
}

TEST(ParseValidEventFast, AgreesWithTheGeneralPathOnMutatedInput) {
  std::mt19937 random(20261123);
  const std::string alphabet = "{}[]\":,0123456789-.eE tfnul\\abcxyz/";
  for (const char* sample : kSamples) {
    for (int round = 0; round < 3000; ++round) {
      std::string text = sample;
      int edits = 1 + static_cast<int>(random() % 3);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        size_t at = random() % text.size();
        switch (random() % 3) {
          case 0: text.erase(at, 1); break;
          case 1: text[at] = alphabet[random() % alphabet.size()]; break;
          default: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
        }
      }
      ExpectAgreement(text);
    }
  }
}

}  // namespace
}  // namespace leadscore::detail

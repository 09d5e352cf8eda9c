#include "event_fast_parse.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "event_json.h"
#include "expect_same_event.h"
#include "json_mutation.h"

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
    R"({"type":"page_view","t":10,"path":"/caf\u00e9\/x","title":"\ud83d\ude00 \"q\" \\ \t"})",
    R"({"type":"visit","t":11,"t":12,"utm":{"a":"x","a":"y"},"utm":{"b":"z"}})",
    R"({"type":"custom","t":13,"name":"n","value":-0,"extra":18446744073709551615})",
    R"({"type":"custom","t":14,"name":"n","value":1e-400})",
    R"({"type":"form_submit","t":15,"form":"f","fields":{"a":"1"},"fields":{"b":1E3,"c":-0.0}})",
    R"( {"type":"click","t":16,"id":"x","tags":["a"],"title":{"type":"visit"}} )",
};

// Values the general path reads differently from a first guess: it keeps the last duplicate key.
const char* kUnusual[] = {
    R"({"type":"click","t":1,"id":"x","tags":["a"],"tags":"b"})",
    R"({"type":"click","t":1,"id":"x","tags":"b","tags":["a"]})",
    R"({"type":"form_submit","t":5,"form":"f","fields":{"a":"1"},"fields":[]})",
    R"({"type":"visit","t":1,"utm":{"a":"x"},"utm":null})",
    R"({"type":"visit","t":1.0})",
    R"({"type":"visit","t":1,"type":"deck_complete"})",
};

struct Reader {
  const char* name;
  std::optional<Event> (*parse)(std::string_view);
};

const Reader kReaders[] = {
    {"ParseValidEventFast", ParseValidEventFast},
    {"ParseValidEventSax", ParseValidEventSax},
#ifdef LEADSCORE_HAVE_SIMDJSON
    {"ParseValidEventSimdjson", ParseValidEventSimdjson},
#endif
};

// The general path alone: the JSON tree, then EventFromJson, with ParseEvent's error for bad JSON.
Result<Event> ParseGeneral(const std::string& text) {
  Result<Json> tree = ParseJson(text);
  if (!tree.ok()) return std::vector<Error>{{"$", tree.errors().front().message}};
  std::vector<Error> errors;
  std::optional<Event> event = EventFromJson(tree.value(), "$", errors);
  if (!event) return errors;
  return std::move(*event);
}

// Whatever a fast reader accepts, the general path must accept as the very same event; and
// ParseEvent, which tries the fast reader first, must give what the general path gives.
void ExpectAgreement(const std::string& text) {
  Result<Event> general = ParseGeneral(text);
  for (const Reader& reader : kReaders) {
    std::optional<Event> fast = reader.parse(text);
    if (!fast) continue;
    ASSERT_TRUE(general.ok()) << reader.name << " accepted what the general path refuses ("
                              << general.errors().front().ToString() << "): " << text;
    testing::ExpectSameEvent(general.value(), *fast, std::string(reader.name) + ": " + text);
  }
  Result<Event> event = ParseEvent(text);
  ASSERT_EQ(general.ok(), event.ok()) << text;
  if (event.ok()) {
    testing::ExpectSameEvent(general.value(), event.value(), "ParseEvent: " + text);
    return;
  }
  ASSERT_EQ(general.errors().size(), event.errors().size()) << text;
  for (size_t i = 0; i < event.errors().size(); ++i) {
    EXPECT_EQ(general.errors()[i].ToString(), event.errors()[i].ToString()) << text;
  }
}

TEST(ParseValidEventFast, EveryReaderReadsEverySampleLikeTheGeneralPath) {
  for (const char* sample : kSamples) {
    for (const Reader& reader : kReaders) EXPECT_TRUE(reader.parse(sample)) << reader.name << ": " << sample;
    ExpectAgreement(sample);
  }
}

TEST(ParseValidEventFast, FollowsTheLastOfDuplicateKeys) {
  for (const char* sample : kUnusual) ExpectAgreement(sample);
  for (const Reader& reader : kReaders) {
    std::optional<Event> event = reader.parse(R"({"type":"visit","t":11,"t":12,"utm":{"a":"x","a":"y"},"utm":{"b":"z"}})");
    ASSERT_TRUE(event) << reader.name;
    EXPECT_EQ(12, event->t) << reader.name;
    EXPECT_EQ((std::map<std::string, std::string>{{"b", "z"}}), event->utm) << reader.name;
  }
}

TEST(ParseValidEventFast, LeavesInvalidEventsToTheGeneralPath) {
  const char* invalid[] = {
      R"({"type":"content_view","t":3,"id":"hero","ms":86400001})",
      R"({"type":"slide_view","t":4,"deck":"tour","slide":0,"ms":5})",
      R"({"type":"deck_complete","t":4,"deck":"tour"})",
      R"({"type":"visit","t":1.5})",
      R"({"type":"visit","t":1} x)",
      R"({"type":"click","t":1,"id":"x","tags":["a"],"tags":"b"})",
      R"({"type":"page_view","t":1,"path":"/\ud800"})",
      "{\"type\":\"page_view\",\"t\":1,\"path\":\"/\x01\"}",
      "{\"type\":\"page_view\",\"t\":1,\"path\":\"/\xed\xa0\x80\"}",
      R"({"type":"visit","t":18446744073709551616})",
      R"([{"type":"visit","t":1}])",
  };
  for (const Reader& reader : kReaders) {
    for (const char* text : invalid) EXPECT_FALSE(reader.parse(text)) << reader.name << ": " << text;
  }
}

TEST(ParseValidEventFast, AgreesWithTheGeneralPathOnMutatedInput) {
  std::mt19937 random(20261123);
  for (const char* sample : kSamples) {
    for (int round = 0; round < 3000; ++round) {
      ExpectAgreement(testing::MutateJson(sample, random));
      if (HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace leadscore::detail

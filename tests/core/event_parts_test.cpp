#include "event_parts.h"

#include <gtest/gtest.h>

namespace leadscore::detail {
namespace {

TEST(EventKeyFor, KnowsEveryKeyAnEventCanHaveAndNothingElse) {
  const std::pair<const char*, EventKey> keys[] = {
      {"type", EventKey::kType}, {"t", EventKey::kT}, {"path", EventKey::kPath}, {"title", EventKey::kTitle},
      {"id", EventKey::kId}, {"tags", EventKey::kTags}, {"deck", EventKey::kDeck}, {"slide", EventKey::kSlide},
      {"of", EventKey::kOf}, {"ms", EventKey::kMs}, {"form", EventKey::kForm}, {"fields", EventKey::kFields},
      {"fillMs", EventKey::kFillMs}, {"honeypot", EventKey::kHoneypot}, {"webdriver", EventKey::kWebdriver},
      {"granted", EventKey::kGranted}, {"name", EventKey::kName}, {"value", EventKey::kValue}, {"utm", EventKey::kUtm},
  };
  for (const auto& [name, key] : keys) {
    EXPECT_EQ(key, EventKeyFor(name)) << name;
    std::string longer = std::string(name) + "s";
    EXPECT_EQ(EventKey::kOther, EventKeyFor(longer)) << longer;
    EXPECT_EQ(EventKey::kOther, EventKeyFor(std::string_view(name).substr(1))) << name;
  }
  for (const char* other : {"", "T", "Type", "fill_ms", "tag", "x", "utm_source"}) {
    EXPECT_EQ(EventKey::kOther, EventKeyFor(other)) << other;
  }
}

TEST(ValidEventFromParts, RefusesAKnownKeyHoldingTheWrongKindOfValue) {
  EventParts parts;
  parts[EventKey::kType] = EventValue{EventValue::Kind::kString, "click"};
  parts[EventKey::kT].kind = EventValue::Kind::kInteger;
  parts[EventKey::kId] = EventValue{EventValue::Kind::kString, "cta"};
  parts[EventKey::kTags].kind = EventValue::Kind::kArray;
  parts.tags = {"a"};
  std::optional<Event> event = ValidEventFromParts(parts);
  ASSERT_TRUE(event);
  EXPECT_EQ(std::vector<std::string>{"a"}, event->tags);

  parts.Clear();
  parts[EventKey::kType] = EventValue{EventValue::Kind::kString, "click"};
  parts[EventKey::kT].kind = EventValue::Kind::kInteger;
  parts[EventKey::kId] = EventValue{EventValue::Kind::kString, "cta"};
  parts[EventKey::kTags] = EventValue{EventValue::Kind::kString, "a"};  // a later "tags":"a" replaced the array
  parts.tags = {"a"};
  EXPECT_FALSE(ValidEventFromParts(parts));
}

}  // namespace
}  // namespace leadscore::detail

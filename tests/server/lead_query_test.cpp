#include "lead_query.h"

#include <gtest/gtest.h>

namespace leadscore::server {
namespace {

LeadQuery Parse(const Params& params) {
  auto query = ParseLeadQuery(params);
  EXPECT_TRUE(query.ok()) << (query.ok() ? "" : query.errors().front().ToString());
  return query.ok() ? query.value() : LeadQuery{};
}

TEST(ParseLeadQuery, DefaultsToTheNewest50) {
  LeadQuery query = Parse({});
  EXPECT_EQ(50, query.limit);
  EXPECT_EQ(0, query.offset);
  EXPECT_FALSE(query.ascending);
  EXPECT_FALSE(query.stage);
  EXPECT_FALSE(query.since);
  EXPECT_FALSE(query.after);
}

TEST(ParseLeadQuery, ReadsEveryParameter) {
  LeadQuery query = Parse({{"limit", "500"}, {"offset", "20"}, {"stage", "sql"}, {"since", "2026-11-23"}, {"order", "asc"}});
  EXPECT_EQ(500, query.limit);
  EXPECT_EQ(20, query.offset);
  EXPECT_EQ("sql", *query.stage);
  EXPECT_EQ(1'795'392'000'000, *query.since);
  EXPECT_TRUE(query.ascending);
}

TEST(ParseLeadQuery, NamesTheBadParameter) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"limit", "501"}, {"limit", "1e3"}, {"offset", "x"}, {"cursor", "12"}, {"since", "tomorrow"},
           {"order", "up"}, {"stage", ""}}) {
    auto query = ParseLeadQuery({{name, value}});
    ASSERT_FALSE(query.ok()) << name << "=" << value;
    EXPECT_EQ(name, query.errors().front().path);
  }
  auto both = ParseLeadQuery({{"cursor", EncodeCursor(LeadRecord{"id1", 5})}, {"offset", "1"}});
  ASSERT_FALSE(both.ok());
  EXPECT_EQ("cursor: cannot be combined with offset", both.errors().front().ToString());
}

TEST(Cursor, RoundTripsAnyId) {
  LeadRecord row;
  row.id = "a.b/c?d=e&f";
  row.received_at = 1'795'392'000'123;
  auto position = DecodeCursor(EncodeCursor(row));
  ASSERT_TRUE(position);
  EXPECT_EQ(row.received_at, position->first);
  EXPECT_EQ(row.id, position->second);
  EXPECT_FALSE(DecodeCursor("123.zz"));
  EXPECT_FALSE(DecodeCursor("abc.6162"));
}

TEST(ParseTimestamp, AcceptsMillisecondsAndIsoUtc) {
  EXPECT_EQ(1'700'000'000'000, ParseTimestamp("1700000000000"));
  EXPECT_EQ(1'795'392'000'000, ParseTimestamp("2026-11-23"));
  EXPECT_EQ(1'795'450'754'000, ParseTimestamp("2026-11-23T16:19:14Z"));
  EXPECT_EQ(1'795'450'754'250, ParseTimestamp("2026-11-23T16:19:14.250Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-23T16:19:14"));  // no zone: ambiguous
  EXPECT_FALSE(ParseTimestamp("2026-13-01"));
  EXPECT_FALSE(ParseTimestamp("-5"));
}

// sscanf's %d took a sign and leading spaces, so `.-5Z` read as 5 ms before
// 1970 and `.5Z` as 5 ms rather than half a second.
TEST(ParseTimestamp, ReadsOnlyDigitsWhereTheFormHasThem) {
  EXPECT_FALSE(ParseTimestamp("1970-01-01T00:00:00.-5Z"));
  EXPECT_FALSE(ParseTimestamp("2026-+1-01"));
  EXPECT_FALSE(ParseTimestamp("2026- 1-01"));
  EXPECT_FALSE(ParseTimestamp("2026-11-23T16:19:14.Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-23T16:19:14.1234Z"));
  EXPECT_FALSE(ParseTimestamp("2026-11-23Z"));
  EXPECT_EQ(1'795'450'754'500, ParseTimestamp("2026-11-23T16:19:14.5Z"));
  EXPECT_EQ(1'795'450'754'050, ParseTimestamp("2026-11-23T16:19:14.05Z"));
}

}  // namespace
}  // namespace leadscore::server

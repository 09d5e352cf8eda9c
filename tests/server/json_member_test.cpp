#include "json_member.h"

#include <gtest/gtest.h>

namespace leadscore::server {
namespace {

TEST(TopLevelMember, FindsObjectsStringsAndScalars) {
  std::string_view json = R"( { "a" : 1, "lead": {"email":"x@y.com","n":[1,{"b":"}"}]}, "s":"q\"}", "t":true } )";
  EXPECT_EQ(R"({"email":"x@y.com","n":[1,{"b":"}"}]})", TopLevelMember(json, "lead"));
  EXPECT_EQ("1", TopLevelMember(json, "a"));
  EXPECT_EQ(R"("q\"}")", TopLevelMember(json, "s"));
  EXPECT_EQ("true", TopLevelMember(json, "t"));
}

TEST(TopLevelMember, IgnoresNestedKeysOfTheSameName) {
  std::string_view json = R"({"context":{"lead":{"wrong":1}},"lead":{"right":2}})";
  EXPECT_EQ(R"({"right":2})", TopLevelMember(json, "lead"));
}

TEST(TopLevelMember, IsEmptyWhenAbsentOrNotAnObject) {
  EXPECT_FALSE(TopLevelMember(R"({"a":{"lead":1}})", "lead"));
  EXPECT_FALSE(TopLevelMember(R"([{"lead":1}])", "lead"));
  EXPECT_FALSE(TopLevelMember("{}", "lead"));
  EXPECT_FALSE(TopLevelMember("", "lead"));
}

}  // namespace
}  // namespace leadscore::server

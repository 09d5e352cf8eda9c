#include "glob.h"

#include <gtest/gtest.h>

namespace leadscore::detail {
namespace {

TEST(GlobMatch, LiteralIsExactAndCaseSensitive) {
  EXPECT_TRUE(GlobMatch("/pricing", "/pricing"));
  EXPECT_FALSE(GlobMatch("/pricing", "/pricing/"));
  EXPECT_FALSE(GlobMatch("/Pricing", "/pricing"));
}

TEST(GlobMatch, StarMatchesAnyRunIncludingNone) {
  EXPECT_TRUE(GlobMatch("/pricing*", "/pricing"));
  EXPECT_TRUE(GlobMatch("/pricing*", "/pricing/enterprise"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("/blog/*/comments", "/blog/2026/11/comments"));
  EXPECT_FALSE(GlobMatch("/blog/*/comments", "/blog/2026/11/comment"));
  EXPECT_TRUE(GlobMatch("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "aXbYbZ"));
}

TEST(GlobMatch, OtherCharactersAreLiteral) {
  EXPECT_TRUE(GlobMatch("case-?.pdf", "case-?.pdf"));
  EXPECT_FALSE(GlobMatch("case-?.pdf", "case-1.pdf"));
}

TEST(GlobMatch, ManyStarsStayFast) {
  std::string text(5000, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*b", text));
}

}  // namespace
}  // namespace leadscore::detail

#include "fit.h"

#include <gtest/gtest.h>

namespace leadscore::detail {
namespace {

FieldValue Text(const std::string& text) {
  FieldValue value;
  value.text = text;
  return value;
}

FitRule Rule(FitOp op, std::vector<std::string> values = {}, double low = 0, double high = 0) {
  FitRule rule;
  rule.field = "f";
  rule.op = op;
  for (auto& v : values) rule.values.push_back(Text(v));
  rule.low = low;
  rule.high = high;
  return rule;
}

bool Holds(const FitRule& rule, const std::string& value, std::vector<std::string> free = {}) {
  return FitRuleMatches(rule, {{"f", Text(value)}}, free);
}

TEST(IsValidEmail, AcceptsLocalAtDomainTld) {
  EXPECT_TRUE(IsValidEmail("ana@acme.com"));
  EXPECT_TRUE(IsValidEmail("ana.b+x@eu.acme.co.uk"));
  EXPECT_FALSE(IsValidEmail("ana@acme"));
  EXPECT_FALSE(IsValidEmail("@acme.com"));
  EXPECT_FALSE(IsValidEmail("ana@@acme.com"));
  EXPECT_FALSE(IsValidEmail("a@b@acme.com"));
  EXPECT_FALSE(IsValidEmail("ana @acme.com"));
  EXPECT_FALSE(IsValidEmail("ana@acme..com"));
  EXPECT_FALSE(IsValidEmail("ana@acme.com."));
}

TEST(FitRuleMatches, ContainsIsCaseInsensitiveAnyOf) {
  FitRule rule = Rule(FitOp::kContains, {"vp", "chief"});
  EXPECT_TRUE(Holds(rule, "VP of Marketing"));
  EXPECT_TRUE(Holds(rule, "Chief Revenue Officer"));
  EXPECT_FALSE(Holds(rule, "Marketing Manager"));
}

TEST(FitRuleMatches, NumbersComeFromNumericStrings) {
  EXPECT_TRUE(Holds(Rule(FitOp::kGte, {}, 200), " 2000 "));
  EXPECT_FALSE(Holds(Rule(FitOp::kGte, {}, 200), "lots"));
  EXPECT_TRUE(Holds(Rule(FitOp::kBetween, {}, 50, 200), "200"));
  EXPECT_FALSE(Holds(Rule(FitOp::kLte, {}, 0, 10), "11"));
}

TEST(FitRuleMatches, DomainInIncludesSubdomains) {
  FitRule rule = Rule(FitOp::kDomainIn, {"rival.com"});
  EXPECT_TRUE(Holds(rule, "x@rival.com"));
  EXPECT_TRUE(Holds(rule, "x@EU.Rival.com"));
  EXPECT_FALSE(Holds(rule, "x@notrival.com"));
}

TEST(FitRuleMatches, FreeAndBusinessEmail) {
  EXPECT_TRUE(Holds(Rule(FitOp::kFreeEmail), "kim@gmail.com"));
  EXPECT_TRUE(Holds(Rule(FitOp::kFreeEmail), "kim@uni-mail.edu", {"uni-mail.edu"}));
  EXPECT_TRUE(Holds(Rule(FitOp::kBusinessEmail), "kim@acme.com"));
  EXPECT_FALSE(Holds(Rule(FitOp::kBusinessEmail), "kim@proton.me"));
  EXPECT_FALSE(Holds(Rule(FitOp::kBusinessEmail), "not-an-email"));
}

TEST(FitRuleMatches, MissingOrBlankFieldNeverMatches) {
  EXPECT_FALSE(FitRuleMatches(Rule(FitOp::kExists), {}, {}));
  EXPECT_FALSE(Holds(Rule(FitOp::kExists), ""));
}

}  // namespace
}  // namespace leadscore::detail

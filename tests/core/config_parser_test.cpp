#include <gtest/gtest.h>

#include <algorithm>

#include "leadscore/config.h"
#include "example_config.h"

namespace leadscore {
namespace {

std::vector<std::string> ErrorsOf(const std::string& json) {
  Result<Config> config = ParseConfig(json);
  std::vector<std::string> errors;
  for (const auto& error : config.errors()) errors.push_back(error.ToString());
  return errors;
}

TEST(ParseConfig, AcceptsTheSpecExample) {
  Result<Config> config = ParseConfig(testing::ExampleConfigText());
  ASSERT_TRUE(config.ok()) << config.errors().front().ToString();
  EXPECT_EQ(5u, config.value().engagement_rules.size());
  EXPECT_EQ(4u, config.value().fit_rules.size());
  EXPECT_EQ("mql", config.value().thresholds.front().name);
  EXPECT_EQ(EventType::kDeckComplete, config.value().engagement_rules[2].on);
  EXPECT_EQ(4, config.value().gates.front().at_slide);
}

TEST(ParseConfig, NeedsOnlyVersionAndThresholds) {
  Result<Config> config = ParseConfig(R"({"version": 1, "thresholds": {"mql": 10}})");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(100, config.value().engagement_cap);
  EXPECT_EQ(1500, config.value().qualify.min_fill_ms);
  EXPECT_EQ(1000, config.value().submit.max_events);
  EXPECT_EQ(std::vector<std::string>({"$.thresholds: is required", "$.version: is required"}),
            [] { auto e = ErrorsOf("{}"); std::sort(e.begin(), e.end()); return e; }());
}

TEST(ParseConfig, AcceptsTheSchemaAnEditorChecksItWith) {
  EXPECT_TRUE(ParseConfig(R"({"$schema": "https://example.com/leadscore.schema.json",
                               "version": 1, "thresholds": {"mql": 10}})")
                  .ok());
  EXPECT_EQ(std::vector<std::string>({R"($["$schema"]: expected a string)"}),
            ErrorsOf(R"({"$schema": 1, "version": 1, "thresholds": {"mql": 10}})"));
}

TEST(ParseConfig, ReportsEveryErrorWithItsPath) {
  auto errors = ErrorsOf(R"({"version": 1, "thresholds": {"mql": 50},
    "engagement": {"rules": [
      {"id": "a", "on": "page_view", "points": "ten"},
      {"id": "b", "on": "page_view", "points": 1, "minMs": 100, "field": "x"},
      {"id": "c", "on": "page_view", "where": {"deck": "d", "pathh": "/x"}, "points": 1}]},
    "qualifyy": {}})");
  EXPECT_EQ(std::vector<std::string>({
                "$.qualifyy: unknown key",
                "$.engagement.rules[0].points: expected a number",
                "$.engagement.rules[1].field: only applies to fit rules",
                "$.engagement.rules[1].minMs: only applies to content_view and slide_view rules",
                "$.engagement.rules[2].where.deck: does not apply to page_view rules",
                "$.engagement.rules[2].where.pathh: unknown key",
            }),
            errors);
}

TEST(ParseConfig, RefusesAmbiguousThresholdsAndStages) {
  EXPECT_EQ(std::vector<std::string>({"$.thresholds.sql: has the same value as \"mql\"; values must differ"}),
            ErrorsOf(R"({"version": 1, "thresholds": {"mql": 50, "sql": 50}})"));
  EXPECT_EQ(std::vector<std::string>({"$.qualify.stage: qualify.stage \"hot\" is not a threshold"}),
            ErrorsOf(R"({"version": 1, "thresholds": {"mql": 50}, "qualify": {"stage": "hot"}})"));
  EXPECT_EQ(std::vector<std::string>({"$.version: must be 1"}),
            ErrorsOf(R"({"version": 2, "thresholds": {"mql": 50}})"));
}

TEST(ParseConfig, ChecksFitRuleValuesByOp) {
  auto errors = ErrorsOf(R"({"version": 1, "thresholds": {"mql": 50}, "fit": {"rules": [
      {"id": "a", "field": "email", "op": "business_email", "value": "x"},
      {"id": "b", "field": "size", "op": "between", "value": [500, 10]},
      {"id": "c", "field": "title", "op": "contains"},
      {"id": "d", "field": "title", "op": "like", "value": "x"},
      {"id": "a", "field": "email", "op": "exists", "maxTimes": 2}]}})");
  EXPECT_EQ(std::vector<std::string>({
                "$.fit.rules[0].value: does not apply to op business_email",
                "$.fit.rules[1].value: low must not be greater than high",
                "$.fit.rules[2].value: is required for op contains",
                "$.fit.rules[3].op: unknown op \"like\"; expected exists, equals, contains, gte, lte, "
                "between, domain_in, free_email or business_email",
                "$.fit.rules[4].maxTimes: only applies to engagement rules",
                "$.fit.rules[4].id: duplicate rule id \"a\"",
            }),
            errors);
}

TEST(ParseConfig, ReadsSubmitFieldsAsAListOfDistinctNames) {
  EXPECT_EQ(std::vector<std::string>({
                "$.submit.fields[1]: expected a string",
                "$.submit.fields[2]: must not be empty",
                "$.submit.fields[3]: \"company\" is listed twice",
            }),
            ErrorsOf(R"({"version": 1, "thresholds": {"mql": 50},
              "submit": {"fields": ["company", 7, "", "company"]}})"));
  EXPECT_EQ(std::vector<std::string>({"$.submit.fields: expected an array"}),
            ErrorsOf(R"({"version": 1, "thresholds": {"mql": 50}, "submit": {"fields": "company"}})"));
}

TEST(LeadFieldNames, AreEmailThenFitFieldsThenSubmitFieldsEachOnce) {
  Result<Config> config = ParseConfig(R"({"version": 1, "thresholds": {"mql": 50},
    "fit": {"rules": [{"id": "title", "field": "job_title", "op": "exists"},
                      {"id": "work", "field": "email", "op": "business_email"},
                      {"id": "senior", "field": "job_title", "op": "contains", "value": "vp"}]},
    "submit": {"fields": ["company", "job_title", "first_name"]}})");
  ASSERT_TRUE(config.ok()) << config.errors().front().ToString();
  EXPECT_EQ(std::vector<std::string>({"email", "job_title", "company", "first_name"}),
            LeadFieldNames(config.value()));
  Result<Config> minimal = ParseConfig(R"({"version": 1, "thresholds": {"mql": 10}})");
  ASSERT_TRUE(minimal.ok());
  EXPECT_EQ(std::vector<std::string>({"email"}), LeadFieldNames(minimal.value()));
}

TEST(ParseConfig, ReportsMalformedJsonWithLineAndColumn) {
  auto errors = ErrorsOf("{\n  \"version\": 1,\n  \"thresholds\": {\"mql\": }\n}");
  ASSERT_EQ(1u, errors.size());
  EXPECT_NE(std::string::npos, errors[0].find("line 3, column 25")) << errors[0];
  EXPECT_EQ(0u, errors[0].find("$: ")) << errors[0];
}

TEST(ParseConfig, RefusesNonObjectsAndEmptyInput) {
  EXPECT_EQ(std::vector<std::string>({"$: expected a config object"}), ErrorsOf("[]"));
  EXPECT_EQ(1u, ErrorsOf("").size());
}

// A minimal valid config with `extra` spliced in as further top-level members.
std::string MinimalWith(const std::string& extra) {
  return R"({"version": 1, "thresholds": {"mql": 10}, )" + extra + "}";
}

std::string Repeated(const std::string& item, size_t count) {
  std::string list;
  for (size_t i = 0; i < count; ++i) list += (i ? "," : "") + item;
  return list;
}

TEST(ParseConfig, RefusesAbsurdSizesWithThePathOfTheFirst) {
  std::string huge_site(20 * 1024 * 1024, 'x');
  EXPECT_EQ(std::vector<std::string>({"$.site: a string of 20971520 bytes, longer than 2048"}),
            ErrorsOf(MinimalWith("\"site\": \"" + huge_site + "\"")));
  EXPECT_EQ(std::vector<std::string>({"$.fit.rules[0].value[2]: a string of 2049 bytes, longer than 2048"}),
            ErrorsOf(MinimalWith(R"("fit": {"rules": [{"id": "d", "field": "email", "op": "domain_in", "value": ["a", "b", ")" +
                                 std::string(2049, 'c') + R"("], "points": 1}]})")));
  EXPECT_EQ(std::vector<std::string>({"$.submit.allowedOrigins: has 1001 elements, more than 1000"}),
            ErrorsOf(MinimalWith(R"("submit": {"allowedOrigins": [)" + Repeated(R"("https://a.example")", 1001) + "]}")));
  std::string decks;
  for (int i = 0; i < 1001; ++i) decks += (i ? "," : "") + ("\"d" + std::to_string(i) + "\": {\"slides\": 2}");
  EXPECT_EQ(std::vector<std::string>({"$.decks: has 1001 members, more than 1000"}),
            ErrorsOf(MinimalWith("\"decks\": {" + decks + "}")));
  EXPECT_EQ(std::vector<std::string>({"$.decks: a member name of 3000 bytes, longer than 2048"}),
            ErrorsOf(MinimalWith("\"decks\": {\"" + std::string(3000, 'k') + "\": {\"slides\": 2}}")));
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_EQ(std::vector<std::string>({"$.x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 16 levels deep"}),
            ErrorsOf(MinimalWith("\"x\": " + deep)));
  // 60 arrays of 1000 numbers: each within its bound, together more values than a config may hold.
  std::string lists;
  for (int i = 0; i < 60; ++i) lists += (i ? "," : "") + ("\"l" + std::to_string(i) + "\": [" + Repeated("1", 1000) + "]");
  auto errors = ErrorsOf(MinimalWith("\"x\": {" + lists + "}"));
  ASSERT_EQ(1u, errors.size());
  EXPECT_NE(std::string::npos, errors[0].find("the config holds more than 50000 values")) << errors[0];
}

TEST(ParseConfig, AcceptsValuesAtTheSizeLimits) {
  std::string site(2048, 's');
  std::string rules;
  for (int i = 0; i < 1000; ++i) {
    rules += (i ? "," : "") + ("{\"id\": \"r" + std::to_string(i) + "\", \"on\": \"page_view\", \"points\": 1}");
  }
  Result<Config> config = ParseConfig(MinimalWith("\"site\": \"" + site + "\", \"engagement\": {\"rules\": [" + rules + "]}"));
  ASSERT_TRUE(config.ok()) << config.errors().front().ToString();
  EXPECT_EQ(site, config.value().site);
  EXPECT_EQ(1000u, config.value().engagement_rules.size());
}

}  // namespace
}  // namespace leadscore

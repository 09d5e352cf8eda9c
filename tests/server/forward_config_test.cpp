#include "forward/forward_config.h"

#include <gtest/gtest.h>

#include <map>

namespace leadscore::server {
namespace {

std::map<std::string, std::string> environment = {{"HOOK_SECRET", "whsec-1"},
                                                  {"SLACK_URL", "https://hooks.slack.com/services/T/B/x"}};

const char* Lookup(const char* name) {
  auto it = environment.find(name);
  return it == environment.end() ? nullptr : it->second.c_str();
}

std::vector<std::string> Errors(const std::string& json) {
  auto parsed = ParseForwardConfig(json, Lookup);
  std::vector<std::string> errors;
  if (!parsed.ok()) {
    for (const Error& error : parsed.errors()) errors.push_back(error.ToString());
  }
  return errors;
}

TEST(ForwardConfigTest, ReadsEveryDestinationTypeWithItsSecretsFromTheEnvironment) {
  auto parsed = ParseForwardConfig(R"({"destinations": [
      {"id": "crm-hook", "type": "webhook", "url": "https://hooks.example.com/leads", "secretEnv": "HOOK_SECRET"},
      {"id": "hubspot", "type": "hubspot", "portalId": "123456", "formGuid": "abc-def",
       "fieldMap": {"email": "email", "company": "company", "$score": "leadscore_score"}},
      {"id": "salesforce", "type": "salesforce", "oid": "00D000000000001", "leadSource": "Website"},
      {"id": "sales-chat", "type": "slack", "urlEnv": "SLACK_URL"}],
    "retry": {"initialMs": 50, "maxMs": 400, "maxAttempts": 5}})",
                                   Lookup);
  ASSERT_TRUE(parsed.ok()) << parsed.errors().front().ToString();
  const ForwardConfig& config = parsed.value();
  ASSERT_EQ(4u, config.destinations.size());
  EXPECT_EQ("https://hooks.example.com/leads", config.destinations[0].url);
  EXPECT_EQ("whsec-1", config.destinations[0].secret);
  EXPECT_EQ(DestinationType::kHubspot, config.destinations[1].type);
  EXPECT_EQ("https://api.hsforms.com/submissions/v3/integration/submit/123456/abc-def", config.destinations[1].url);
  std::vector<std::pair<std::string, std::string>> map = {
      {"$score", "leadscore_score"}, {"company", "company"}, {"email", "email"}};
  EXPECT_EQ(map, config.destinations[1].field_map);
  EXPECT_EQ("https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8", config.destinations[2].url);
  EXPECT_EQ("Website", config.destinations[2].lead_source);
  EXPECT_EQ("https://hooks.slack.com/services/T/B/x", config.destinations[3].url);
  EXPECT_EQ(50, config.retry.initial_ms);
  EXPECT_EQ(400, config.retry.max_ms);
  EXPECT_EQ(5, config.retry.max_attempts);
}

TEST(ForwardConfigTest, AVendorUrlWithoutAPathGetsTheVendorsPath) {
  auto parsed = ParseForwardConfig(R"({"destinations": [
      {"id": "h", "type": "hubspot", "portalId": "1", "formGuid": "g", "url": "http://127.0.0.1:9000"},
      {"id": "h2", "type": "hubspot", "portalId": "1", "formGuid": "g", "url": "http://127.0.0.1:9000/hs"},
      {"id": "s", "type": "salesforce", "oid": "o", "url": "http://localhost:9000/"}]})",
                                   Lookup);
  ASSERT_TRUE(parsed.ok()) << parsed.errors().front().ToString();
  EXPECT_EQ("http://127.0.0.1:9000/submissions/v3/integration/submit/1/g", parsed.value().destinations[0].url);
  EXPECT_EQ("http://127.0.0.1:9000/hs", parsed.value().destinations[1].url);
  EXPECT_EQ("http://localhost:9000/servlet/servlet.WebToLead?encoding=UTF-8", parsed.value().destinations[2].url);
}

TEST(ForwardConfigTest, NamesEveryProblemByItsJsonPath) {
  EXPECT_EQ((std::vector<std::string>{
                "$.extra: unknown key",
                "$.destinations[0].secretEnv: the environment variable NOT_SET is not set",
                "$.destinations[1].scret: unknown key",
                "$.destinations[1].url: expected an https:// URL (plain http only to 127.0.0.1, localhost or [::1])",
                "$.destinations[1].secretEnv: is required",
                "$.destinations[2].id: duplicate destination id \"a\"",
                "$.destinations[2].type: unknown destination type \"email\" (expected webhook, hubspot, salesforce or slack)",
                "$.destinations[3].formGuid: is required",
                "$.destinations[3].fieldMap[\"$total\"]: unknown lead value (expected a form field, $score, $stage or $grade)",
                "$.destinations[4].url: is required (or urlEnv, the environment variable that holds it)",
                "$.retry.maxAttempts: must be between 1 and 1000",
                "$.retry.maxMs: must be at least initialMs"}),
            Errors(R"({"destinations": [
                {"id": "a", "type": "webhook", "url": "https://x.example", "secretEnv": "NOT_SET"},
                {"id": "b", "type": "webhook", "url": "http://x.example", "scret": "s"},
                {"id": "a", "type": "email"},
                {"id": "d", "type": "hubspot", "portalId": "1", "fieldMap": {"$total": "t"}},
                {"id": "e", "type": "slack"}],
              "retry": {"initialMs": 500, "maxMs": 100, "maxAttempts": 0},
              "extra": true})"));
}

TEST(ForwardConfigTest, AcceptsTheSchemaAnEditorChecksItWith) {
  EXPECT_TRUE(Errors(R"({"$schema": "../schema/forward.schema.json",
                         "destinations": [{"id": "c", "type": "slack", "urlEnv": "SLACK_URL"}]})")
                  .empty());
}

TEST(ForwardConfigTest, RefusesWhatIsNotAForwardingObject) {
  EXPECT_EQ(std::vector<std::string>{"$.destinations: is required"}, Errors("{}"));
  EXPECT_EQ(std::vector<std::string>{"$.destinations: expected at least one destination"},
            Errors(R"({"destinations": []})"));
  EXPECT_EQ(std::vector<std::string>{"$: expected a forwarding object"}, Errors("[]"));
  ASSERT_EQ(1u, Errors("{").size());
  EXPECT_EQ(0u, Errors("{").front().find("$: ")) << Errors("{").front();
  EXPECT_EQ(std::vector<std::string>{"$.destinations[0].id: expected 1-64 letters, digits, '-' or '_'"},
            Errors(R"({"destinations": [{"id": "a/b", "type": "slack", "url": "https://hooks.slack.com/x"}]})"));
  EXPECT_EQ(std::vector<std::string>{"$.destinations[0].urlEnv: cannot be combined with url"},
            Errors(R"({"destinations": [{"id": "c", "type": "slack", "url": "https://a.b/x", "urlEnv": "SLACK_URL"}]})"));
}

}  // namespace
}  // namespace leadscore::server

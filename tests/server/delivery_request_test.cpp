#include "forward/delivery_request.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "forward/webhook_signature.h"
#include "lead_json.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

// A stored lead as the collector keeps it: its columns and the payload's context.
LeadRecord StoredLead() {
  LeadRecord lead;
  lead.id = "7f9c2ba4-e88f-4a2b-9d3a-0c1b2d3e4f50";
  lead.received_at = 1790000070000;
  lead.submitted_at = 1790000060000;  // 2026-09-21 14:14 UTC
  lead.site = "example.com";
  lead.revision = "2026-11-a";
  lead.email = "jane@acme.com";
  lead.stage = "sql";
  lead.grade = "A";
  lead.total = 72.5;
  lead.engagement = 42.5;
  lead.fit = 30;
  lead.lead_fields = R"({"email":"jane@acme.com","name":"Jane Q. Doe","company":"Acme & Co","job_title":"Head of Growth","company_size":500})";
  lead.payload = R"({"schema":"leadscore/lead@1","id":"7f9c2ba4-e88f-4a2b-9d3a-0c1b2d3e4f50",
    "breakdown":[{"rule":"pricing","kind":"engagement","points":20,"count":2},
                 {"rule":"senior","kind":"fit","points":20,"count":1},
                 {"rule":"tour","kind":"engagement","points":12.5,"count":6},
                 {"rule":"work-email","kind":"fit","points":10,"count":1}],
    "context":{"pages":[{"path":"/pricing","views":2},{"path":"/pricing/teams","views":1}],
               "content":[{"id":"whitepaper","views":2,"ms":80000}],
               "decks":[{"deck":"tour","slides":14,"seen":[1,2,3,4,5,6],"ms":36000,"perSlide":[]}]},
    "events":[{"type":"page_view","t":1790000001000,"path":"/pricing","title":"Pricing"},
              {"type":"consent","t":1790000002000,"granted":true},
              {"type":"page_view","t":1790000003000,"path":"/pricing/teams","title":"Teams pricing"},
              {"type":"form_submit","t":1790000060000,"form":"lead","fields":{}},
              {"type":"page_view","t":1790000061000,"path":"/thanks"}]})";
  return lead;
}

std::map<std::string, std::string> Headers(const OutboundRequest& request) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) headers[name] = value;
  return headers;
}

// Splits an application/x-www-form-urlencoded body the way a form receiver does.
std::map<std::string, std::string> FormFields(const std::string& body) {
  auto decode = [](const std::string& text) {
    std::string out;
    for (size_t n = 0; n < text.size(); ++n) {
      if (text[n] == '+') out += ' ';
      else if (text[n] == '%' && n + 2 < text.size() + 0) {
        out += static_cast<char>(std::stoi(text.substr(n + 1, 2), nullptr, 16));
        n += 2;
      } else out += text[n];
    }
    return out;
  };
  std::map<std::string, std::string> fields;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    std::string pair = body.substr(start, end - start);
    size_t equals = pair.find('=');
    fields[decode(pair.substr(0, equals))] = equals == std::string::npos ? "" : decode(pair.substr(equals + 1));
    start = end + 1;
  }
  return fields;
}

TEST(DeliveryRequestTest, WebhookSendsTheListedLeadSignedWithItsIdAsIdempotencyKey) {
  Destination hook;
  hook.id = "crm-hook";
  hook.type = DestinationType::kWebhook;
  hook.url = "https://hooks.example.com/leads";
  hook.secret = "whsec-test";
  LeadRecord lead = StoredLead();
  OutboundRequest request = DeliveryRequest(hook, lead, 1790000100);
  EXPECT_EQ("https://hooks.example.com/leads", request.url);
  EXPECT_EQ(LeadJson(lead), request.body);
  auto headers = Headers(request);
  EXPECT_EQ("application/json", headers["Content-Type"]);
  EXPECT_EQ(lead.id, headers["Idempotency-Key"]);
  EXPECT_EQ("t=1790000100,v1=" + HmacSha256Hex("whsec-test", "1790000100." + request.body),
            headers["Leadscore-Signature"]);
}

TEST(DeliveryRequestTest, HubspotGetsAFormsApiSubmissionFromTheFieldMap) {
  Destination hubspot;
  hubspot.type = DestinationType::kHubspot;
  hubspot.url = "https://api.hsforms.com/submissions/v3/integration/submit/123456/guid";
  hubspot.field_map = {{"email", "email"},        {"company", "company"},           {"job_title", "jobtitle"},
                       {"phone", "phone"},        {"$score", "leadscore_score"},    {"$stage", "leadscore_stage"}};
  hubspot.consent_text = "I agree.";
  OutboundRequest request = DeliveryRequest(hubspot, StoredLead(), 0);
  EXPECT_EQ(hubspot.url, request.url);
  EXPECT_EQ("application/json", Headers(request)["Content-Type"]);
  Json expected = {
      {"submittedAt", "1790000060000"},
      {"fields",
       {{{"objectTypeId", "0-1"}, {"name", "email"}, {"value", "jane@acme.com"}},
        {{"objectTypeId", "0-1"}, {"name", "company"}, {"value", "Acme & Co"}},
        {{"objectTypeId", "0-1"}, {"name", "jobtitle"}, {"value", "Head of Growth"}},
        {{"objectTypeId", "0-1"}, {"name", "leadscore_score"}, {"value", "72.5"}},
        {{"objectTypeId", "0-1"}, {"name", "leadscore_stage"}, {"value", "sql"}}}},
      {"context", {{"pageUri", "https://example.com/pricing/teams"}, {"pageName", "Teams pricing"}}},
      {"legalConsentOptions", {{"consent", {{"consentToProcess", true}, {"text", "I agree."}}}}}};
  EXPECT_EQ(expected, Json::parse(request.body));
}

TEST(DeliveryRequestTest, HubspotGetsNoConsentWhenTheVisitorGaveNone) {
  Destination hubspot;
  hubspot.type = DestinationType::kHubspot;
  hubspot.field_map = {{"email", "email"}};
  LeadRecord lead = StoredLead();
  lead.payload = R"({"events":[{"type":"consent","t":1,"granted":false}]})";
  Json body = Json::parse(DeliveryRequest(hubspot, lead, 0).body);
  EXPECT_FALSE(body.contains("legalConsentOptions"));
  EXPECT_EQ((Json{{"pageUri", "https://example.com/"}, {"pageName", "/"}}), body["context"]);
}

TEST(DeliveryRequestTest, SalesforceGetsWebToLeadFieldsAndAReadableSummary) {
  Destination salesforce;
  salesforce.type = DestinationType::kSalesforce;
  salesforce.url = "https://webto.salesforce.com/servlet/servlet.WebToLead?encoding=UTF-8";
  salesforce.oid = "00D000000000001";
  salesforce.lead_source = "Website";
  salesforce.field_map = {{"$score", "00N000000000001"}};
  OutboundRequest request = DeliveryRequest(salesforce, StoredLead(), 0);
  EXPECT_EQ("application/x-www-form-urlencoded", Headers(request)["Content-Type"]);
  auto form = FormFields(request.body);
  EXPECT_EQ("00D000000000001", form["oid"]);
  EXPECT_EQ("Website", form["lead_source"]);
  EXPECT_EQ("Jane Q.", form["first_name"]);
  EXPECT_EQ("Doe", form["last_name"]);
  EXPECT_EQ("jane@acme.com", form["email"]);
  EXPECT_EQ("Acme & Co", form["company"]);
  EXPECT_EQ("Head of Growth", form["title"]);
  EXPECT_EQ("72.5", form["00N000000000001"]);
  EXPECT_EQ(
      "Leadscore: stage sql, score 72.5 (engagement 42.5, fit 30, grade A)\n"
      "Submitted 2026-09-21 14:14 UTC on example.com\n"
      "Top reasons:\n- pricing +20\n- senior +20\n- tour +12.5\n"
      "Slides read:\n- tour: 6 of 14 slides, 36 s\n"
      "Content read:\n- whitepaper: 2 views, 1 min 20 s\n"
      "Pages:\n- /pricing (2 views)\n- /pricing/teams (1 view)",
      form["description"]);
  EXPECT_EQ(std::string::npos, request.body.find(' ')) << "spaces are encoded as +";
}

TEST(DeliveryRequestTest, SlackGetsAMessageSalesCanActOn) {
  Destination slack;
  slack.type = DestinationType::kSlack;
  slack.url = "https://hooks.slack.com/services/T/B/x";
  OutboundRequest request = DeliveryRequest(slack, StoredLead(), 0);
  Json body = Json::parse(request.body);
  EXPECT_EQ("New sql lead: Jane Q. Doe (Acme & Co), score 72.5", body["text"]);
  ASSERT_TRUE(body["blocks"].is_array());
  std::string all = body["blocks"].dump();
  for (const char* part : {"*Jane Q. Doe* · jane@acme.com\\nHead of Growth at Acme &amp; Co", "*Stage*\\nsql",
                           "*Score*\\n72.5 (grade A)", "*Top reasons*\\n• pricing +20\\n• senior +20\\n• tour +12.5",
                           "*Read*\\n• tour: 6 of 14 slides, 36 s\\n• whitepaper: 2 views, 1 min 20 s",
                           "Submitted 2026-09-21 14:14 UTC on example.com"}) {
    EXPECT_NE(std::string::npos, all.find(part)) << part << " in " << all;
  }
  for (const Json& block : body["blocks"]) {
    EXPECT_TRUE(block["type"] == "section" || block["type"] == "context") << block;
  }
}

}  // namespace
}  // namespace leadscore::server

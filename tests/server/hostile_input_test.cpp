// Hostile lead fields through the real collector, on SQLite and on PostgreSQL: markup and script,
// SQL metacharacters, spreadsheet formulas, control characters and odd Unicode are stored and given
// back as the very text that was sent, in the admin JSON and in the CSV (formulas defused); the
// collector keeps answering throughout.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "lead_fixtures.h"
#include "leadscore/config.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kToken = "hostile-input-admin-token";

// A qualifying lead for the example config (three pricing views 30, a work e-mail 10, a company
// of 500 15: 55 ≥ mql 50) whose form sends `fields` besides that size; scored just now.
std::string LeadWithFields(const std::map<std::string, std::string>& fields) {
  auto config = ParseConfig(TestConfigJson());
  EXPECT_TRUE(config.ok());
  Session session(std::move(config).value());
  int64_t t = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch()).count() - 60'000;
  Json form = {{"company_size", "500"}};
  for (const auto& [name, value] : fields) form[name] = value;
  std::vector<Json> events = {
      {{"type", "visit"}, {"t", t}},
      {{"type", "page_view"}, {"t", t + 1000}, {"path", "/pricing"}},
      {{"type", "page_view"}, {"t", t + 5000}, {"path", "/pricing/teams"}},
      {{"type", "page_view"}, {"t", t + 9000}, {"path", "/pricing"}},
      {{"type", "consent"}, {"t", t + 10'000}, {"granted", true}},
      {{"type", "form_start"}, {"t", t + 12'000}, {"form", "lead"}},
      {{"type", "form_submit"}, {"t", t + 20'000}, {"form", "lead"}, {"fillMs", 8000}, {"fields", form}},
  };
  for (const Json& event : events) {
    auto error = session.IngestJson(event.dump());
    EXPECT_FALSE(error) << error->ToString() << " in " << event.dump();
  }
  std::optional<std::string> payload = BuildPayload(session);
  EXPECT_TRUE(payload) << "the lead does not qualify";
  return payload.value_or("");
}

// What a spreadsheet cell holds for `text`: a formula start is defused with a leading quote.
std::string CsvShown(const std::string& text) {
  return !text.empty() && std::string("=+-@\t\r").find(text.front()) != std::string::npos ? "'" + text : text;
}

// Values for the lead's `email` and `job_title`, the form fields the example config scores (so no
// field allow-list can drop them before they are stored).
std::vector<std::string> HostileTexts() {
  return {
      // markup and script
      "<script>alert(document.cookie)</script>", "\"><svg onload=alert(1)>", "</td><td>injected</td><!--",
      "<img src=x onerror=\"window.pwned=1\">",
      // SQL metacharacters
      "Robert'); DROP TABLE leads;--", "' OR '1'='1", "\"; DELETE FROM leads; -- \\ %_ $1 ?",
      // spreadsheet formulas, every start a spreadsheet evaluates
      "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
      "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1",
      // control characters (NUL included) inside the text
      std::string("nul\0inside", 10), "bell\a escape\x1b[31m red", "line\nbreak\r\nand\ttab",
      // odd Unicode: bidi overrides, zero-width characters, stacked combining marks, astral
      // planes, non-characters, line and paragraph separators
      "\u202Egnp.exe\u202C \u200B\u200D\uFEFF", "e\u0301\u0301\u0301 \U0001D518\U0001D52B \U0001F600",
      "\uFDFD \uFFFF \u2028\u2029",
  };
}

std::vector<std::string> HostileEmails() {
  return {"<img/src=x/onerror=alert(1)>@evil.example", "o'brien'--;@acme.example",
          "=cmd|'/C_calc'!A0@acme.example", "-2+3@acme.example", "δοκιμή@παράδειγμα.example"};
}

// Each hostile text as a job title, then each hostile e-mail with a plain title.
std::vector<std::map<std::string, std::string>> HostileLeads() {
  std::vector<std::map<std::string, std::string>> leads;
  for (const std::string& text : HostileTexts()) {
    leads.push_back({{"email", "h" + std::to_string(leads.size()) + "@acme.example"}, {"job_title", text}});
  }
  for (const std::string& email : HostileEmails()) leads.push_back({{"email", email}, {"job_title", "Head of Growth"}});
  return leads;
}

class HostileInputTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    collector_ = TestCollector::Start(GetParam(), {"--rate-limit", "0", "--admin-token", kToken});
    ASSERT_NE(nullptr, collector_);
  }

  httplib::Result Get(const std::string& path) {
    return collector_->Client()->Get(path.c_str(), {{"Authorization", std::string("Bearer ") + kToken}});
  }

  void ExpectHealthy() {
    auto health = collector_->Client()->Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(200, health->status) << health->body;
  }

  std::unique_ptr<TestCollector> collector_;
};

TEST_P(HostileInputTest, StoresHostileFieldsAsTextInTheAdminJsonAndTheCsv) {
  std::vector<std::map<std::string, std::string>> leads = HostileLeads();
  for (const auto& lead : leads) {
    auto result = collector_->PostLead(LeadWithFields(lead));
    ASSERT_TRUE(result) << lead.at("job_title");
    ASSERT_EQ(201, result->status) << lead.at("job_title") << ": " << result->body;
  }
  ExpectHealthy();
  EXPECT_EQ(static_cast<int64_t>(leads.size()), collector_->CountRows());

  auto listing = Get("/leads?limit=500");
  ASSERT_TRUE(listing);
  ASSERT_EQ(200, listing->status);
  EXPECT_EQ(0u, listing->get_header_value("Content-Type").find("application/json"));
  // Markup never reaches the admin JSON raw: `<` and `>` are escaped or inside strings, and the
  // whole listing is valid JSON whatever the fields held.
  Json page = Json::parse(listing->body, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(page.is_discarded()) << listing->body;
  std::map<std::string, Json> by_email;
  for (const Json& stored : page["leads"]) by_email[stored["email"]] = stored;
  for (const auto& lead : leads) {
    auto found = by_email.find(lead.at("email"));
    ASSERT_NE(by_email.end(), found) << lead.at("email");
    EXPECT_EQ(Json(lead.at("job_title")), found->second["lead"]["job_title"]) << lead.at("email");
    EXPECT_EQ(Json(lead.at("email")), found->second["lead"]["email"]);
  }

  auto csv = Get("/leads.csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(200, csv->status);
  std::vector<std::vector<std::string>> rows = ParseCsv(csv->body);
  ASSERT_EQ(leads.size() + 1, rows.size()) << csv->body;
  const std::vector<std::string>& header = rows[0];
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(header.end(), it) << "no column " << name;
    return static_cast<size_t>(it - header.begin());
  };
  for (const auto& lead : leads) {
    auto row = std::find_if(rows.begin() + 1, rows.end(), [&](const std::vector<std::string>& cells) {
      return cells.size() == header.size() && cells[column("email")] == CsvShown(lead.at("email"));
    });
    ASSERT_NE(rows.end(), row) << lead.at("email") << " has no row of " << header.size() << " cells";
    EXPECT_EQ(CsvShown(lead.at("job_title")), (*row)[column("job_title")]) << lead.at("email");
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, HostileInputTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace leadscore::server::testing

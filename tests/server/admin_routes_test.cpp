// GET /leads and /leads.csv against the real collector, on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "lead_fixtures.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kToken = "s3cret-admin-token";

class AdminRoutesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    collector_ = TestCollector::Start(GetParam(), {"--rate-limit", "0", "--admin-token", kToken, "--max-body", "1048576"});
    ASSERT_NE(nullptr, collector_);
  }

  void StoreLeads(int count) {
    for (int n = 0; n < count; ++n) {
      auto result = collector_->PostLead(GenuinePayload("p" + std::to_string(n) + "@acme.com"));
      ASSERT_TRUE(result);
      ASSERT_EQ(201, result->status) << result->body;
    }
  }

  httplib::Result Get(const std::string& path, const std::string& token = kToken) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return collector_->Client()->Get(path.c_str(), headers);
  }

  Json GetJson(const std::string& path) {
    auto result = Get(path);
    EXPECT_TRUE(result);
    if (!result) return Json();
    EXPECT_EQ(200, result->status) << path << ": " << result->body;
    return Json::parse(result->body, nullptr, false);
  }

  std::unique_ptr<TestCollector> collector_;
};

TEST_P(AdminRoutesTest, RefusesMissingAndWrongTokensWith401) {
  for (const std::string path : {"/leads", "/leads.csv"}) {
    auto missing = Get(path, "");
    ASSERT_TRUE(missing);
    EXPECT_EQ(401, missing->status);
    EXPECT_EQ("unauthorized", Json::parse(missing->body)["error"]);
    EXPECT_NE("", missing->get_header_value("WWW-Authenticate"));
    auto wrong = Get(path, "s3cret-admin-tokem");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(401, wrong->status);
  }
}

TEST_P(AdminRoutesTest, ListsStoredLeadsWithTheirPayload) {
  std::string payload = GenuinePayload("list@acme.com");
  ASSERT_EQ(201, collector_->PostLead(payload)->status);
  Json page = GetJson("/leads");
  ASSERT_EQ(1u, page["leads"].size());
  const Json& lead = page["leads"][0];
  Json sent = Json::parse(payload);
  EXPECT_EQ(sent["id"], lead["id"]);
  EXPECT_EQ("list@acme.com", lead["email"]);
  EXPECT_EQ("example.com", lead["site"]);
  EXPECT_EQ("2026-11-a", lead["revision"]);
  EXPECT_EQ(sent["score"]["stage"], lead["stage"]);
  EXPECT_EQ(sent["score"]["grade"], lead["grade"]);
  EXPECT_DOUBLE_EQ(sent["score"]["total"].get<double>(), lead["total"].get<double>());
  EXPECT_DOUBLE_EQ(sent["score"]["engagement"].get<double>(), lead["engagement"].get<double>());
  EXPECT_DOUBLE_EQ(sent["score"]["fit"].get<double>(), lead["fit"].get<double>());
  EXPECT_EQ(sent["submittedAt"], lead["submittedAt"]);
  EXPECT_EQ("Head of Growth", lead["lead"]["job_title"]);
  EXPECT_EQ(sent, lead["payload"]);
  EXPECT_TRUE(page["nextCursor"].is_null());
}

TEST_P(AdminRoutesTest, PagesWithCursorAndOffset) {
  StoreLeads(5);
  std::vector<std::string> seen;
  std::string path = "/leads?limit=2";
  for (int page_number = 0; page_number < 5; ++page_number) {
    Json page = GetJson(path);
    for (const Json& lead : page["leads"]) seen.push_back(lead["id"]);
    if (page["nextCursor"].is_null()) break;
    path = "/leads?limit=2&cursor=" + page["nextCursor"].get<std::string>();
  }
  EXPECT_EQ(5u, seen.size());
  EXPECT_EQ(5u, std::set<std::string>(seen.begin(), seen.end()).size());

  Json skipped = GetJson("/leads?limit=2&offset=4");
  ASSERT_EQ(1u, skipped["leads"].size());
  EXPECT_EQ(seen[4], skipped["leads"][0]["id"]);

  Json oldest_first = GetJson("/leads?order=asc&limit=1");
  EXPECT_EQ(seen.back(), oldest_first["leads"][0]["id"]);
}

TEST_P(AdminRoutesTest, FiltersByStageAndSince) {
  StoreLeads(2);
  std::string stage = GetJson("/leads")["leads"][0]["stage"];
  EXPECT_EQ(2u, GetJson("/leads?stage=" + stage)["leads"].size());
  EXPECT_EQ(0u, GetJson("/leads?stage=visitor")["leads"].size());

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch()).count();
  ASSERT_EQ(201, collector_->PostLead(GenuinePayload("late@acme.com"))->status);
  Json recent = GetJson("/leads?since=" + std::to_string(now));
  ASSERT_EQ(1u, recent["leads"].size());
  EXPECT_EQ("late@acme.com", recent["leads"][0]["email"]);
  EXPECT_EQ(3u, GetJson("/leads?since=2020-01-01")["leads"].size());
  EXPECT_EQ(0u, GetJson("/leads?since=2100-01-01T00:00:00Z")["leads"].size());
}

TEST_P(AdminRoutesTest, AnswersBadQueriesWith400NamingTheParameter) {
  for (const auto& [query, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"limit=0", "limit"}, {"limit=abc", "limit"}, {"cursor=zzz", "cursor"},
           {"since=last-week", "since"}, {"order=random", "order"}, {"offset=-1", "offset"}}) {
    auto result = Get("/leads?" + query);
    ASSERT_TRUE(result);
    EXPECT_EQ(400, result->status) << query;
    EXPECT_EQ(parameter, Json::parse(result->body)["path"]) << query;
  }
}

TEST_P(AdminRoutesTest, ExportsCsvSafeForSpreadsheets) {
  // The fixture's name field is `=HYPERLINK("http://evil")`: a formula with quotes in it.
  ASSERT_EQ(201, collector_->PostLead(GenuinePayload("csv@acme.com"))->status);
  auto result = Get("/leads.csv");
  ASSERT_TRUE(result);
  ASSERT_EQ(200, result->status);
  EXPECT_EQ("text/csv; charset=utf-8", result->get_header_value("Content-Type"));
  EXPECT_NE(std::string::npos, result->body.find("\"'=HYPERLINK(\"\"http://evil\"\")\"")) << result->body;

  auto rows = ParseCsv(result->body);
  ASSERT_EQ(2u, rows.size()) << result->body;
  const auto& header = rows[0];
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(header.end(), it) << "no column " << name;
    return it - header.begin();
  };
  EXPECT_EQ(header.size(), rows[1].size());
  EXPECT_EQ("csv@acme.com", rows[1][column("email")]);
  EXPECT_EQ("'=HYPERLINK(\"http://evil\")", rows[1][column("name")]);
  EXPECT_EQ("Head of Growth", rows[1][column("job_title")]);
  EXPECT_EQ(0u, result->body.find("id,received_at,submitted_at,site,revision,email,stage,grade,total,engagement,fit"));
}

// Two genuine submissions by one person: both stored, listed as one lead with both, newest first.
TEST_P(AdminRoutesTest, ListsOneLeadPerPersonWithEverySubmission) {
  std::string first = GenuinePayload("twice@acme.com");
  std::string second = GenuinePayload("Twice@ACME.com ", 3);  // the same person, a later submit
  ASSERT_NE(Json::parse(first)["id"], Json::parse(second)["id"]);
  ASSERT_EQ(201, collector_->PostLead(first)->status);
  ASSERT_EQ(201, collector_->PostLead(second)->status);
  ASSERT_EQ(200, collector_->PostLead(first)->status) << "a retry of one submission is stored once";
  StoreLeads(1);
  EXPECT_EQ(3, collector_->CountRows());

  Json page = GetJson("/leads");
  ASSERT_EQ(2u, page["leads"].size()) << page.dump();
  const Json& twice = page["leads"][1];
  EXPECT_EQ(Json::parse(second)["id"], twice["id"]) << "the newest submission leads";
  ASSERT_EQ(2u, twice["submissions"].size());
  EXPECT_EQ(Json::parse(second)["id"], twice["submissions"][0]["id"]);
  EXPECT_EQ(Json::parse(first)["id"], twice["submissions"][1]["id"]);
  for (const Json& submission : twice["submissions"]) {
    EXPECT_TRUE(submission["receivedAt"].is_number_integer());
    EXPECT_DOUBLE_EQ(Json::parse(first)["score"]["total"].get<double>(), submission["total"].get<double>());
    EXPECT_EQ(Json::parse(first)["score"]["stage"], submission["stage"]);
  }
  EXPECT_GE(twice["submissions"][0]["receivedAt"], twice["submissions"][1]["receivedAt"]);
  EXPECT_EQ(1u, page["leads"][0]["submissions"].size());
}

// Someone who knows the public config and an e-mail posts a consistent lead for it first: the
// visitor's own submission is still stored, and listed.
TEST_P(AdminRoutesTest, AForgedLeadPostedFirstNeitherBlocksNorHidesTheGenuineOne) {
  std::string forged = GenuinePayload("ceo@victim.com", 1);
  std::string genuine = GenuinePayload("ceo@victim.com");
  ASSERT_EQ(201, collector_->PostLead(forged)->status);
  auto answer = collector_->PostLead(genuine);
  ASSERT_EQ(201, answer->status) << answer->body;
  EXPECT_EQ(Json::parse(genuine)["id"], Json::parse(answer->body)["id"]);
  Json page = GetJson("/leads");
  ASSERT_EQ(1u, page["leads"].size());
  std::vector<std::string> listed;
  for (const Json& submission : page["leads"][0]["submissions"]) listed.push_back(submission["id"]);
  EXPECT_EQ((std::vector<std::string>{Json::parse(genuine)["id"], Json::parse(forged)["id"]}), listed);
  EXPECT_EQ(Json::parse(genuine), page["leads"][0]["payload"]);
}

// The collector keeps its own serialization: a byte-order mark or unknown members never reach
// the list, which stays valid JSON.
TEST_P(AdminRoutesTest, StoresItsOwnSerializationNotTheBytesReceived) {
  std::string payload = GenuinePayload("bom@acme.com");
  Json padded = Json::parse(payload);
  padded["note"] = "not part of a lead";
  ASSERT_EQ(201, collector_->PostLead("\xEF\xBB\xBF" + padded.dump(), "text/plain")->status);
  auto result = Get("/leads");
  ASSERT_TRUE(result);
  Json page = Json::parse(result->body, nullptr, false);
  ASSERT_FALSE(page.is_discarded()) << result->body;
  EXPECT_EQ(Json::parse(payload), page["leads"][0]["payload"]);
}

// Made-up field names in a lead (consistent with its form submit) never widen the export: its
// columns are the stored ones and the fields the config declares.
TEST_P(AdminRoutesTest, CsvColumnsAreFixedWhateverFieldsALeadCarries) {
  Json payload = Json::parse(GenuinePayload("wide@acme.com"));
  Json& submit = payload["events"].back();
  ASSERT_EQ("form_submit", submit["type"]);
  for (int n = 0; n < 10000; ++n) {
    std::string name = "f" + std::to_string(n);
    submit["fields"][name] = "x";
    payload["lead"][name] = "x";
  }
  auto stored = collector_->PostLead(payload.dump());
  ASSERT_EQ(201, stored->status) << stored->body.substr(0, 300);
  auto result = Get("/leads.csv");
  ASSERT_TRUE(result);
  auto rows = ParseCsv(result->body);
  ASSERT_EQ(2u, rows.size());
  EXPECT_EQ((std::vector<std::string>{"id", "received_at", "submitted_at", "site", "revision", "email", "stage", "grade",
                                      "total", "engagement", "fit", "job_title", "company_size", "name", "company",
                                      "first_name", "last_name"}),
            rows[0]);
  EXPECT_EQ(rows[0].size(), rows[1].size());
  EXPECT_LT(result->body.size(), 2000u);
}

INSTANTIATE_TEST_SUITE_P(Stores, AdminRoutesTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

TEST(AdminRoutesToken, ComesFromTheEnvironmentWhenNotGiven) {
  std::string dir = MakeTempDir("leadscore-env");
  std::string config = WriteFile(dir, "config.json", TestConfigJson());
  std::string error;
  auto process = CollectorProcess::Start({"--config", config, "--db", dir + "/leads.db"}, error,
                                         {{"LEADSCORE_ADMIN_TOKEN", "token-from-the-environment"}});
  ASSERT_NE(nullptr, process) << error;
  httplib::Client client("127.0.0.1", process->port());
  auto ok = client.Get("/leads", {{"Authorization", "Bearer token-from-the-environment"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(200, ok->status);
  auto wrong = client.Get("/leads", {{"Authorization", "Bearer " + std::string(kToken)}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(401, wrong->status);
  process.reset();
  RemoveTree(dir);
}

TEST(AdminRoutesToken, AcceptsTheBearerSchemeInAnyCase) {
  auto collector = TestCollector::Start(Backend::kSqlite, {"--admin-token", kToken});
  ASSERT_NE(nullptr, collector);
  for (const char* scheme : {"Bearer ", "bearer ", "BEARER "}) {
    auto result = collector->Client()->Get("/leads", {{"Authorization", scheme + std::string(kToken)}});
    ASSERT_TRUE(result);
    EXPECT_EQ(200, result->status) << scheme;
  }
  auto wrong_case_token = collector->Client()->Get("/leads", {{"Authorization", "Bearer S3CRET-ADMIN-TOKEN"}});
  ASSERT_TRUE(wrong_case_token);
  EXPECT_EQ(401, wrong_case_token->status);
}

TEST(AdminRoutesToken, GuessingIsRateLimitedPerClient) {
  auto collector = TestCollector::Start(Backend::kSqlite, {"--admin-token", kToken});
  ASSERT_NE(nullptr, collector);
  auto client = collector->Client();
  int unauthorized = 0, limited = 0;
  for (int n = 0; n < 150 && !limited; ++n) {
    auto result = client->Get("/leads", {{"Authorization", "Bearer guess-" + std::to_string(n)}});
    ASSERT_TRUE(result);
    if (result->status == 401) ++unauthorized;
    if (result->status == 429) {
      ++limited;
      EXPECT_GE(std::atoi(result->get_header_value("Retry-After").c_str()), 1);
    }
  }
  EXPECT_EQ(1, limited);
  EXPECT_GE(unauthorized, 60);  // the burst; then 429
}

TEST(AdminRoutesToken, RefusesTokensShorterThan16Characters) {
  std::string dir = MakeTempDir("leadscore-short");
  std::string config = WriteFile(dir, "config.json", TestConfigJson());
  CollectorRun run = RunCollector({"--config", config, "--db", dir + "/leads.db", "--admin-token", "short"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_NE(std::string::npos, run.err.find("at least 16 characters")) << run.err;
  RemoveTree(dir);
}

TEST(AdminRoutesToken, ComesFromAFileOutOfSightOfPs) {
  std::string dir = MakeTempDir("leadscore-token-file");
  std::string config = WriteFile(dir, "config.json", TestConfigJson());
  std::string token_file = WriteFile(dir, "token", std::string(kToken) + "\n");
  std::string error;
  auto process = CollectorProcess::Start({"--config", config, "--db", dir + "/leads.db", "--admin-token-file", token_file},
                                         error);
  ASSERT_NE(nullptr, process) << error;
  httplib::Client client("127.0.0.1", process->port());
  auto ok = client.Get("/leads", {{"Authorization", "Bearer " + std::string(kToken)}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(200, ok->status);
  std::ifstream command_line("/proc/" + std::to_string(process->pid()) + "/cmdline");
  std::string arguments((std::istreambuf_iterator<char>(command_line)), std::istreambuf_iterator<char>());
  EXPECT_EQ(std::string::npos, arguments.find(kToken));
  process.reset();
  RemoveTree(dir);
}

}  // namespace
}  // namespace leadscore::server::testing

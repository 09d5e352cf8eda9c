// POST /leads against the real collector, on SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "lead_fixtures.h"
#include "postgres_instance.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Json = nlohmann::json;

class LeadRoutesTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    collector_ = TestCollector::Start(GetParam(), {"--rate-limit", "0"});
    ASSERT_NE(nullptr, collector_);
  }

  // Posts and checks the answer is `status` with a JSON body, which it returns.
  Json PostExpecting(int status, const std::string& body, const std::string& type = "application/json") {
    auto result = collector_->PostLead(body, type);
    EXPECT_TRUE(result) << "no answer: " << httplib::to_string(result.error());
    if (!result) return Json();
    EXPECT_EQ(status, result->status) << result->body;
    EXPECT_EQ("application/json", result->get_header_value("Content-Type"));
    return Json::parse(result->body, nullptr, false);
  }

  std::unique_ptr<TestCollector> collector_;
};

TEST_P(LeadRoutesTest, Stores201ThenAnswers200ForTheSameId) {
  std::string payload = GenuinePayload("dana@acme.com");
  std::string id = Json::parse(payload)["id"];
  Json first = PostExpecting(201, payload);
  EXPECT_EQ(id, first["id"]);
  EXPECT_EQ("stored", first["status"]);
  Json again = PostExpecting(200, payload);
  EXPECT_EQ(id, again["id"]);
  EXPECT_EQ("duplicate", again["status"]);
  EXPECT_EQ(1, collector_->CountRows());
}

TEST_P(LeadRoutesTest, AcceptsTheCorsSimpleTextPlainForm) {
  PostExpecting(201, GenuinePayload("text@acme.com"), "text/plain;charset=UTF-8");
  EXPECT_EQ(1, collector_->CountRows());
}

TEST_P(LeadRoutesTest, ConcurrentDuplicatesStoreOneRow) {
  std::string payload = GenuinePayload("race@acme.com");
  constexpr int kPosters = 12;
  std::vector<int> statuses(kPosters, 0);
  std::vector<std::thread> posters;
  for (int n = 0; n < kPosters; ++n) {
    posters.emplace_back([&, n] {
      auto result = collector_->PostLead(payload);
      statuses[n] = result ? result->status : -1;
    });
  }
  for (std::thread& poster : posters) poster.join();
  EXPECT_EQ(1, std::count(statuses.begin(), statuses.end(), 201));
  EXPECT_EQ(kPosters - 1, std::count(statuses.begin(), statuses.end(), 200));
  EXPECT_EQ(1, collector_->CountRows());
}

TEST_P(LeadRoutesTest, RefusesOtherContentTypesWith415) {
  std::string payload = GenuinePayload("type@acme.com");
  Json body = PostExpecting(415, payload, "application/x-www-form-urlencoded");
  EXPECT_EQ("unsupported_media_type", body["error"]);
  PostExpecting(415, payload, "multipart/form-data; boundary=x");
  EXPECT_EQ(0, collector_->CountRows());
}

TEST_P(LeadRoutesTest, RefusesBodiesOverTheLimitWith413) {
  std::string oversized = GenuinePayload("big@acme.com");
  oversized.insert(oversized.size() - 1, ",\"padding\":\"" + std::string(256 * 1024, 'x') + "\"");
  Json body = PostExpecting(413, oversized);
  EXPECT_EQ("payload_too_large", body["error"]);
  EXPECT_EQ(0, collector_->CountRows());
}

TEST_P(LeadRoutesTest, AnswersMalformedPayloadsWith400AndTheJsonPath) {
  Json body = PostExpecting(400, "{\"schema\": \"leadscore/lead@1\", ");
  EXPECT_EQ("malformed", body["error"]);
  EXPECT_TRUE(body.contains("path"));

  Json payload = Json::parse(GenuinePayload("path@acme.com"));
  payload["events"][2]["t"] = "yesterday";
  body = PostExpecting(400, payload.dump());
  EXPECT_EQ("malformed", body["error"]);
  EXPECT_EQ("$.events[2].t", body["path"]) << body.dump();
  EXPECT_EQ("expected an integer", body["message"]) << body.dump();

  // A field named with ": " once cut the path where the prose was split again.
  payload = Json::parse(GenuinePayload("colon@acme.com"));
  Json& submit = payload["events"].back();
  ASSERT_EQ("form_submit", submit["type"]);
  submit["fields"]["a: b"] = Json::array({1});
  body = PostExpecting(400, payload.dump());
  std::string path = "$.events[" + std::to_string(payload["events"].size() - 1) + "].fields[\"a: b\"]";
  EXPECT_EQ(path, body["path"]) << body.dump();
  EXPECT_EQ(path, body["errors"][0]["path"]) << body.dump();
  EXPECT_EQ(0, collector_->CountRows());
}

// A rollout: a collector serving 2026-12-a beside (or after) one that served 2026-11-a verifies a
// lead scored under either, and the earlier collector learns the later revision from the store.
TEST_P(LeadRoutesTest, VerifiesALeadWithTheRevisionItWasScoredWith) {
  auto later = TestCollector::StartBeside(*collector_, std::string("2026-12-a"));
  ASSERT_NE(nullptr, later);
  auto post = [](TestCollector& collector, const std::string& body) {
    auto result = collector.PostLead(body);
    return result ? result->status : -1;
  };
  EXPECT_EQ(201, post(*later, GenuinePayload("earlier@acme.com", 0, "2026-11-a")));
  EXPECT_EQ(201, post(*collector_, GenuinePayload("later@acme.com", 0, "2026-12-a")));
  auto unknown = later->PostLead(GenuinePayload("unknown@acme.com", 0, "2026-10-z"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(422, unknown->status);
  EXPECT_EQ("stale_revision", Json::parse(unknown->body)["code"]);
  EXPECT_EQ(2, collector_->CountRows());
}

TEST_P(LeadRoutesTest, RejectsAForgedScoreWith422) {
  Json payload = Json::parse(GenuinePayload("forger@acme.com"));
  payload["score"]["total"] = 99.5;
  Json body = PostExpecting(422, payload.dump());
  EXPECT_EQ("rejected", body["error"]);
  EXPECT_EQ("score_mismatch", body["code"]);
  EXPECT_EQ(0, collector_->CountRows());
}

TEST_P(LeadRoutesTest, RejectsImplausibleDwellWith422) {
  Json payload = Json::parse(GenuinePayload("dwell@acme.com"));
  for (Json& event : payload["events"]) {
    if (event["type"] == "slide_view") event["ms"] = 3'600'000;  // an hour per slide in a short visit
  }
  Json body = PostExpecting(422, payload.dump());
  EXPECT_EQ("implausible_dwell", body["code"]);
  EXPECT_EQ(0, collector_->CountRows());
}

TEST_P(LeadRoutesTest, RejectsAStaleConfigRevisionWith422) {
  Json body = PostExpecting(422, GenuinePayload("stale@acme.com", 0, "2026-10-old"));
  EXPECT_EQ("stale_revision", body["code"]);
  EXPECT_EQ(0, collector_->CountRows());
}

TEST_P(LeadRoutesTest, EchoesAllowedOriginsOnly) {
  std::string payload = GenuinePayload("cors@acme.com");
  auto allowed = collector_->PostLead(payload, "text/plain", {{"Origin", kAllowedOrigin}});
  ASSERT_TRUE(allowed);
  EXPECT_EQ(201, allowed->status);
  EXPECT_EQ(kAllowedOrigin, allowed->get_header_value("Access-Control-Allow-Origin"));
  EXPECT_EQ("Origin", allowed->get_header_value("Vary"));
  EXPECT_EQ("Retry-After", allowed->get_header_value("Access-Control-Expose-Headers"));

  auto other = collector_->PostLead(payload, "text/plain", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ("Origin", other->get_header_value("Vary"));
}

TEST_P(LeadRoutesTest, AnswersPreflightForAllowedOrigins) {
  auto client = collector_->Client();
  httplib::Request request;
  request.method = "OPTIONS";
  request.path = "/leads";
  request.headers = {{"Origin", kAllowedOrigin},
                     {"Access-Control-Request-Method", "POST"},
                     {"Access-Control-Request-Headers", "content-type"}};
  auto allowed = client->send(request);
  ASSERT_TRUE(allowed);
  EXPECT_EQ(204, allowed->status);
  EXPECT_EQ(kAllowedOrigin, allowed->get_header_value("Access-Control-Allow-Origin"));
  EXPECT_NE(std::string::npos, allowed->get_header_value("Access-Control-Allow-Methods").find("POST"));
  EXPECT_NE(std::string::npos, allowed->get_header_value("Access-Control-Allow-Headers").find("Content-Type"));

  request.headers = {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}};
  auto refused = client->send(request);
  ASSERT_TRUE(refused);
  EXPECT_EQ(403, refused->status);
  EXPECT_FALSE(refused->has_header("Access-Control-Allow-Origin"));

  request.headers = {};
  auto plain = client->send(request);
  ASSERT_TRUE(plain);
  EXPECT_EQ(204, plain->status);
  EXPECT_EQ("POST, OPTIONS", plain->get_header_value("Allow"));
}

TEST_P(LeadRoutesTest, CorsHeadersAlsoOnErrorsSoTheBrowserCanReadThem) {
  std::string oversized(300 * 1024, ' ');
  auto result = collector_->PostLead(oversized, "text/plain", {{"Origin", kAllowedOrigin}});
  ASSERT_TRUE(result);
  EXPECT_EQ(413, result->status);
  EXPECT_EQ(kAllowedOrigin, result->get_header_value("Access-Control-Allow-Origin"));
}

INSTANTIATE_TEST_SUITE_P(Stores, LeadRoutesTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

TEST(LeadRoutesRateLimit, Answers429WithRetryAfterPerClient) {
  // One post per 10 s after a burst of 2: slow enough that a loaded machine cannot refill a token
  // between the posts below.
  auto collector = TestCollector::Start(Backend::kSqlite, {"--rate-limit", "0.1", "--rate-burst", "2"});
  ASSERT_NE(nullptr, collector);
  std::string payload = GenuinePayload("limit@acme.com");
  auto client = collector->Client();
  auto first = client->Post("/leads", payload, "application/json");
  auto second = client->Post("/leads", payload, "application/json");
  auto third = client->Post("/leads", payload, "application/json");
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(201, first->status);
  EXPECT_EQ(200, second->status);
  EXPECT_EQ(429, third->status);
  EXPECT_EQ("rate_limited", Json::parse(third->body)["error"]);
  int retry_after = std::atoi(third->get_header_value("Retry-After").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 10);  // one token at 0.1/s
  EXPECT_EQ(1, collector->CountRows());
}

TEST(LeadRoutesPostgres, TwoCollectorsOnOneDatabaseStoreOneRowPerLead) {
  auto first = TestCollector::Start(Backend::kPostgres, {"--rate-limit", "0"});
  ASSERT_NE(nullptr, first);
  auto second = TestCollector::StartBeside(*first);
  ASSERT_NE(nullptr, second);

  constexpr int kLeads = 20;
  constexpr int kCopiesPerCollector = 3;
  std::vector<std::string> payloads;
  for (int n = 0; n < kLeads; ++n) payloads.push_back(GenuinePayload("lead" + std::to_string(n) + "@acme.com"));
  std::vector<int> created(kLeads, 0), duplicates(kLeads, 0), failures(kLeads, 0);
  std::mutex mutex;
  std::vector<std::thread> posters;
  for (TestCollector* collector : {first.get(), second.get()}) {
    for (int copy = 0; copy < kCopiesPerCollector; ++copy) {
      posters.emplace_back([&, collector] {
        auto client = collector->Client();
        for (int n = 0; n < kLeads; ++n) {
          auto result = client->Post("/leads", payloads[n], "application/json");
          std::lock_guard<std::mutex> lock(mutex);
          if (result && result->status == 201) ++created[n];
          else if (result && result->status == 200) ++duplicates[n];
          else ++failures[n];
        }
      });
    }
  }
  for (std::thread& poster : posters) poster.join();
  for (int n = 0; n < kLeads; ++n) {
    EXPECT_EQ(1, created[n]) << "lead " << n;
    EXPECT_EQ(2 * kCopiesPerCollector - 1, duplicates[n]) << "lead " << n;
    EXPECT_EQ(0, failures[n]) << "lead " << n;
  }
  EXPECT_EQ(kLeads, first->CountRows());
}

TEST(LeadRoutesPostgres, AnswersStoreOutagesWith503AndNeverWith201) {
  auto collector = TestCollector::Start(Backend::kPostgres, {"--rate-limit", "0"});
  ASSERT_NE(nullptr, collector);
  ASSERT_EQ(201, collector->PostLead(GenuinePayload("before@acme.com"))->status);
  std::string url = collector->database_args()[1];
  std::string database = url.substr(url.rfind('/') + 1);
  std::string error;
  PostgresInstance* postgres = SharedPostgres(error);
  ASSERT_NE(nullptr, postgres) << error;
  postgres->QueryValue(postgres->AdminUrl(), "DROP DATABASE " + database + " WITH (FORCE)", error);
  ASSERT_EQ("", error);

  auto result = collector->PostLead(GenuinePayload("during@acme.com"));
  ASSERT_TRUE(result);
  EXPECT_EQ(503, result->status);
  EXPECT_EQ("storage_unavailable", Json::parse(result->body)["error"]);
  auto health = collector->Client()->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(503, health->status);
  EXPECT_NE(std::string::npos, collector->process().Stderr().find("storing a lead failed: postgres:"));
}

TEST(LeadRoutesRequests, AnswersAnUnsupportedTypeOfInvalidUtf8With415) {
  auto collector = TestCollector::Start(Backend::kSqlite, {"--rate-limit", "0"});
  ASSERT_NE(nullptr, collector);
  auto result = collector->PostLead(GenuinePayload("type@acme.com"), "application/x-\xff\xfe");
  ASSERT_TRUE(result);
  EXPECT_EQ(415, result->status);
  EXPECT_EQ("unsupported_media_type", Json::parse(result->body)["error"]);
}

TEST(LeadRoutesRequests, MatchesAllowedOriginsWhateverTheirCaseAndTrailingSlash) {
  std::string dir = MakeTempDir("leadscore-origins");
  Json config = Json::parse(TestConfigJson());
  config["submit"]["allowedOrigins"] = {"HTTPS://WWW.Example.com/"};
  std::string config_path = WriteFile(dir, "config.json", config.dump());
  std::string error;
  auto process = CollectorProcess::Start({"--config", config_path, "--db", dir + "/leads.db"}, error);
  ASSERT_NE(nullptr, process) << error;
  httplib::Client client("127.0.0.1", process->port());
  auto result = client.Post("/leads", {{"Origin", kAllowedOrigin}}, GenuinePayload("origin@acme.com"), "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(201, result->status);
  EXPECT_EQ(kAllowedOrigin, result->get_header_value("Access-Control-Allow-Origin"));
  process.reset();
  RemoveTree(dir);
}

// One post per 10 s per client after the first: the second post from one client is refused.
TEST(LeadRoutesRateLimit, BucketsByForwardedForOnlyBehindATrustedProxy) {
  std::vector<std::string> limit = {"--rate-limit", "0.1", "--rate-burst", "1"};
  auto post = [](TestCollector& collector, const std::string& email, const std::string& forwarded_for) {
    auto result = collector.Client()->Post("/leads", {{"X-Forwarded-For", forwarded_for}}, GenuinePayload(email),
                                           "application/json");
    return result ? result->status : 0;
  };
  std::vector<std::string> trusted = limit;
  trusted.insert(trusted.end(), {"--trusted-proxy", "127.0.0.1"});
  auto behind_proxy = TestCollector::Start(Backend::kSqlite, trusted);
  ASSERT_NE(nullptr, behind_proxy);
  EXPECT_EQ(201, post(*behind_proxy, "a@acme.com", "203.0.113.1"));
  EXPECT_EQ(201, post(*behind_proxy, "b@acme.com", "203.0.113.2"));
  // A client cannot pick its bucket by writing its own X-Forwarded-For: the proxy's entry is last.
  EXPECT_EQ(429, post(*behind_proxy, "c@acme.com", "198.51.100.7, 203.0.113.1"));

  auto direct = TestCollector::Start(Backend::kSqlite, limit);
  ASSERT_NE(nullptr, direct);
  EXPECT_EQ(201, post(*direct, "a@acme.com", "203.0.113.1"));
  EXPECT_EQ(429, post(*direct, "b@acme.com", "203.0.113.2"));
}

}  // namespace
}  // namespace leadscore::server::testing

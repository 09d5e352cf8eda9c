#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

class HealthRouteTest : public ::testing::TestWithParam<Backend> {};

TEST_P(HealthRouteTest, AnswersOkWhileTheStoreAnswers) {
  auto collector = TestCollector::Start(GetParam());
  ASSERT_NE(nullptr, collector);
  auto result = collector->Client()->Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(200, result->status);
  auto body = nlohmann::json::parse(result->body);
  EXPECT_EQ("ok", body["status"]);
  EXPECT_EQ(GetParam() == Backend::kSqlite ? "sqlite" : "postgres", body["store"]);
}

INSTANTIATE_TEST_SUITE_P(Stores, HealthRouteTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

TEST(UnknownRoutes, AnswerJson404) {
  auto collector = TestCollector::Start(Backend::kSqlite);
  ASSERT_NE(nullptr, collector);
  auto result = collector->Client()->Get("/no/such/page");
  ASSERT_TRUE(result);
  EXPECT_EQ(404, result->status);
  EXPECT_EQ("not_found", nlohmann::json::parse(result->body)["error"]);
}

}  // namespace
}  // namespace leadscore::server::testing

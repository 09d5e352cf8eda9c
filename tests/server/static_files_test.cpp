#include <gtest/gtest.h>

#include <filesystem>

#include "lead_fixtures.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    site_ = MakeTempDir("leadscore-site");
    bundle_ = MakeTempDir("leadscore-bundle");
    WriteFile(site_, "index.html", "<!doctype html><title>demo</title>");
    WriteFile(bundle_, "leadscore.js", "export function init() {}");
    WriteFile(bundle_, "leadscore.wasm", std::string("\0asm\1\0\0\0", 8));
    collector_ = TestCollector::Start(Backend::kSqlite, {"--static", site_, "--static", "/leadscore=" + bundle_});
    ASSERT_NE(nullptr, collector_);
  }
  void TearDown() override {
    collector_.reset();
    RemoveTree(site_);
    RemoveTree(bundle_);
  }

  httplib::Result Get(const std::string& path) { return collector_->Client()->Get(path.c_str()); }

  std::string site_, bundle_;
  std::unique_ptr<TestCollector> collector_;
};

TEST_F(StaticFilesTest, ServesWasmAsApplicationWasm) {
  auto result = Get("/leadscore/leadscore.wasm");
  ASSERT_TRUE(result);
  EXPECT_EQ(200, result->status);
  EXPECT_EQ("application/wasm", result->get_header_value("Content-Type"));
  EXPECT_EQ(std::string("\0asm\1\0\0\0", 8), result->body);
  EXPECT_EQ("no-cache", result->get_header_value("Cache-Control"));
}

TEST_F(StaticFilesTest, ServesModulesAndPagesWithTheirTypes) {
  auto script = Get("/leadscore/leadscore.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(200, script->status);
  EXPECT_EQ("text/javascript; charset=utf-8", script->get_header_value("Content-Type"));
  EXPECT_EQ("no-cache", script->get_header_value("Cache-Control"));
  auto page = Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(200, page->status);
  EXPECT_EQ("text/html; charset=utf-8", page->get_header_value("Content-Type"));
  EXPECT_EQ("<!doctype html><title>demo</title>", page->body);
}

TEST_F(StaticFilesTest, DoesNotLeaveTheDirectory) {
  auto result = Get("/../" + std::filesystem::path(bundle_).filename().string() + "/leadscore.js");
  ASSERT_TRUE(result);
  EXPECT_NE(200, result->status);
}

TEST_F(StaticFilesTest, ApiRoutesStillAnswerBesideStaticFiles) {
  auto result = Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(200, result->status);
}

}  // namespace
}  // namespace leadscore::server::testing

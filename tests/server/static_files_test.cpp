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

TEST_F(StaticFilesTest, ServesNoDotfiles) {
  WriteFile(site_, ".env", "SECRET=1");
  std::filesystem::create_directory(site_ + "/.git");
  WriteFile(site_ + "/.git", "config", "[core]");
  for (const char* path : {"/.env", "/.git/config", "/%2eenv", "/./.env"}) {
    auto result = Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(404, result->status) << path;
    EXPECT_EQ(std::string::npos, result->body.find("SECRET")) << path;
  }
}

TEST_F(StaticFilesTest, FollowsSymlinksOnlyInsideTheFolder) {
  std::string outside = MakeTempDir("leadscore-outside");
  WriteFile(outside, "secret.txt", "outside the folder");
  std::filesystem::create_symlink(outside + "/secret.txt", site_ + "/leak.txt");
  std::filesystem::create_symlink(outside, site_ + "/leakdir");
  std::filesystem::create_symlink(site_ + "/index.html", site_ + "/home.html");
  auto leak = Get("/leak.txt");
  ASSERT_TRUE(leak);
  EXPECT_EQ(404, leak->status);
  auto through_dir = Get("/leakdir/secret.txt");
  ASSERT_TRUE(through_dir);
  EXPECT_EQ(404, through_dir->status);
  auto inside = Get("/home.html");
  ASSERT_TRUE(inside);
  EXPECT_EQ(200, inside->status);
  RemoveTree(outside);
}

TEST_F(StaticFilesTest, TypesAFileByItsRealName) {
  WriteFile(bundle_, "leadscore.json", R"({"version":1})");
  auto cut = Get("/leadscore/leadscore.json%00.html");
  ASSERT_TRUE(cut);
  EXPECT_EQ(404, cut->status);
  EXPECT_EQ(std::string::npos, cut->get_header_value("Content-Type").find("text/html"));
  auto real = Get("/leadscore/leadscore.json");
  ASSERT_TRUE(real);
  EXPECT_EQ("application/json", real->get_header_value("Content-Type"));
}

TEST(StaticFilesBesideTheDatabase, NeverServesTheDatabase) {
  std::string site = MakeTempDir("leadscore-site-db");
  std::string config_dir = MakeTempDir("leadscore-config");
  WriteFile(site, "index.html", "<!doctype html>");
  std::string config = WriteFile(config_dir, "config.json", TestConfigJson());
  std::string error;
  auto process = CollectorProcess::Start(
      {"--config", config, "--db", site + "/leads.db", "--static", site, "--rate-limit", "0"}, error);
  ASSERT_NE(nullptr, process) << error;
  httplib::Client client("127.0.0.1", process->port());
  auto stored = client.Post("/leads", GenuinePayload("db@example.com"), "application/json");
  ASSERT_TRUE(stored);
  ASSERT_EQ(201, stored->status);
  for (const char* path : {"/leads.db", "/leads.db-wal", "/leads.db-shm", "/./leads.db", "//leads.db"}) {
    auto result = client.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(404, result->status) << path;
    EXPECT_EQ(std::string::npos, result->body.find("SQLite")) << path;
  }
  EXPECT_EQ(200, client.Get("/")->status);
  process.reset();
  RemoveTree(site);
  RemoveTree(config_dir);
}

TEST_F(StaticFilesTest, ApiRoutesStillAnswerBesideStaticFiles) {
  auto result = Get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(200, result->status);
}

}  // namespace
}  // namespace leadscore::server::testing

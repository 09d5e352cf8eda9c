#include "serve_options.h"

#include <gtest/gtest.h>

namespace leadscore::server {
namespace {

Result<ServeOptions> Parse(std::vector<std::string> args, const char* env_token = nullptr) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  return ParseServeOptions(static_cast<int>(argv.size()), argv.data(), env_token);
}

TEST(ParseServeOptions, HasDefaultsForAllButTheConfig) {
  auto options = Parse({"--config", "site.json"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ("site.json", options.value().config_path);
  EXPECT_EQ("leads.db", options.value().sqlite_path);
  EXPECT_EQ("127.0.0.1", options.value().host);
  EXPECT_EQ(8080, options.value().port);
  EXPECT_EQ(256 * 1024, options.value().max_body_bytes);
  EXPECT_EQ("", options.value().admin_token);
}

TEST(ParseServeOptions, ReadsStaticMountsInOrder) {
  auto options = Parse({"--config", "c.json", "--static", "demo", "--static", "/leadscore/=build/web"});
  ASSERT_TRUE(options.ok());
  ASSERT_EQ(2u, options.value().static_mounts.size());
  EXPECT_EQ("/", options.value().static_mounts[0].prefix);
  EXPECT_EQ("demo", options.value().static_mounts[0].dir);
  EXPECT_EQ("/leadscore", options.value().static_mounts[1].prefix);
  EXPECT_EQ("build/web", options.value().static_mounts[1].dir);
}

TEST(ParseServeOptions, TakesTheTokenFromTheEnvironmentUnlessGiven) {
  EXPECT_EQ("env", Parse({"--config", "c"}, "env").value().admin_token);
  EXPECT_EQ("flag", Parse({"--config", "c", "--admin-token", "flag"}, "env").value().admin_token);
  EXPECT_EQ("inline", Parse({"--config=c", "--admin-token=inline"}).value().admin_token);
}

TEST(ParseServeOptions, ReportsEveryProblem) {
  auto options = Parse({"--port", "99999", "--db", "x.db", "--postgres", "postgresql://h/db", "--verbose", "--host"});
  ASSERT_FALSE(options.ok());
  std::vector<std::string> messages;
  for (const Error& error : options.errors()) messages.push_back(error.ToString());
  EXPECT_EQ((std::vector<std::string>{"--port: expected a port number 0-65535, got '99999'",
                                      "--verbose: unknown option", "--host: expects a value",
                                      "--config: is required", "--db: cannot be combined with --postgres"}),
            messages);
}

}  // namespace
}  // namespace leadscore::server

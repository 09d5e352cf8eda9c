// Startup, shutdown and logging of `leadscore serve` as a process.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "lead_fixtures.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Json = nlohmann::json;

class ServeCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("leadscore-serve");
    config_ = WriteFile(dir_, "config.json", TestConfigJson());
  }
  void TearDown() override { RemoveTree(dir_); }

  std::string dir_;
  std::string config_;
};

TEST_F(ServeCommandTest, PrintsTheListeningUrlAndStopsOnSigint) {
  std::string error;
  auto process = CollectorProcess::Start({"--config", config_, "--db", dir_ + "/leads.db"}, error);
  ASSERT_NE(nullptr, process) << error;
  EXPECT_EQ("leadscore collector listening on http://127.0.0.1:" + std::to_string(process->port()) + " (sqlite " +
                dir_ + "/leads.db)",
            process->startup_line());
  EXPECT_EQ(0, process->Stop(SIGINT));
  EXPECT_NE(std::string::npos, process->Stderr().find("received SIGINT"));
  EXPECT_NE(std::string::npos, process->Stderr().find("stopped; database closed"));
}

TEST_F(ServeCommandTest, ExitsWith2WhenThePortIsTaken) {
  std::string error;
  auto first = CollectorProcess::Start({"--config", config_, "--db", dir_ + "/a.db"}, error);
  ASSERT_NE(nullptr, first) << error;
  CollectorRun run = RunCollector({"--config", config_, "--db", dir_ + "/b.db", "--host", "127.0.0.1", "--port",
                                   std::to_string(first->port())});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ("leadscore serve: cannot listen on 127.0.0.1:" + std::to_string(first->port()) +
                ": Address already in use\n",
            run.err);
}

TEST_F(ServeCommandTest, ExitsWith2OnABadConfigNamingEveryError) {
  std::string bad = WriteFile(dir_, "bad.json", R"({"version": 1, "thresholds": {"mql": "high"}, "sitee": "x"})");
  CollectorRun run = RunCollector({"--config", bad, "--db", dir_ + "/leads.db"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_NE(std::string::npos, run.err.find("leadscore serve: " + bad + ": $.thresholds.mql: ")) << run.err;
  EXPECT_NE(std::string::npos, run.err.find("$.sitee")) << run.err;
  EXPECT_EQ("", run.out);
}

TEST_F(ServeCommandTest, ExitsWith2WhenTheConfigCannotBeRead) {
  CollectorRun run = RunCollector({"--config", dir_ + "/missing.json"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ("leadscore serve: " + dir_ + "/missing.json: cannot read: No such file or directory\n", run.err);

  run = RunCollector({"--config", dir_});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ("leadscore serve: " + dir_ + ": cannot read: Is a directory\n", run.err);
}

// The forwarding file and the secret files read as the config does, and as the other commands'
// files do: a missing one, or one that never ends, is named with the reason (before any database
// is opened).
TEST_F(ServeCommandTest, EveryFileItIsGivenFailsToReadTheSameWay) {
  std::string missing = dir_ + "/missing";
  for (const char* option : {"--forward", "--admin-token-file", "--postgres-file"}) {
    CollectorRun run = RunCollector({"--config", config_, option, missing});
    EXPECT_EQ(2, run.exit_code) << option;
    EXPECT_EQ("leadscore serve: " + missing + ": cannot read: No such file or directory\n", run.err) << option;
  }
  for (std::vector<std::string> args : {std::vector<std::string>{"--config", "/dev/zero"},
                                        std::vector<std::string>{"--config", config_, "--forward", "/dev/zero"},
                                        std::vector<std::string>{"--config", config_, "--admin-token-file", "/dev/zero"}}) {
    CollectorRun run = RunCollector(args);
    EXPECT_EQ(2, run.exit_code) << args[args.size() - 2];
    EXPECT_EQ("leadscore serve: /dev/zero: cannot read: larger than 64 MiB\n", run.err) << args[args.size() - 2];
  }
}

TEST_F(ServeCommandTest, ExitsWith2WhenTheDatabaseCannotOpen) {
  CollectorRun run = RunCollector({"--config", config_, "--db", dir_ + "/no/such/dir/leads.db"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ(0u, run.err.find("leadscore serve: cannot open the database: ")) << run.err;
  EXPECT_NE(std::string::npos, run.err.find(dir_ + "/no/such/dir/leads.db")) << run.err;

  run = RunCollector({"--config", config_, "--postgres", "postgresql://nobody@127.0.0.1:1/none"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ(0u, run.err.find("leadscore serve: cannot open the database: postgres: cannot connect: ")) << run.err;
}

TEST_F(ServeCommandTest, ExitsWith2OnBadArguments) {
  CollectorRun run = RunCollector({"--config", config_, "--port", "http"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ(0u, run.err.find("leadscore serve: --port: expected a port number 0-65535, got 'http' "
                           "(see 'leadscore serve --help')\n")) << run.err;
  run = RunCollector({"--db", dir_ + "/x.db"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ(0u, run.err.find("leadscore serve: --config is required (see 'leadscore serve --help')\n")) << run.err;
  run = RunCollector({"--config", config_, "--static", dir_ + "/nowhere"});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_EQ("leadscore serve: --static: " + dir_ + "/nowhere is not a directory\n", run.err);
}

TEST_F(ServeCommandTest, LogsOneJsonLinePerRequestWithoutLeadContents) {
  std::string error;
  auto process = CollectorProcess::Start({"--config", config_, "--db", dir_ + "/leads.db"}, error);
  ASSERT_NE(nullptr, process) << error;
  httplib::Client client("127.0.0.1", process->port());
  ASSERT_EQ(201, client.Post("/leads", GenuinePayload("secret-person@acme.com"), "application/json")->status);
  ASSERT_EQ(404, client.Get("/nothing-here?token=x")->status);
  ASSERT_EQ(0, process->Stop(SIGTERM));

  std::string log = process->Stderr();
  EXPECT_EQ(std::string::npos, log.find("secret-person")) << log;
  // Each request is a new connection on its own worker thread, which logs after answering: the
  // two lines may come in either order.
  std::map<std::string, Json> requests;  // path -> its line
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    Json entry = Json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << "not JSON: " << line;
    if (entry.contains("status")) requests[entry["path"].get<std::string>()] = entry;
  }
  ASSERT_EQ(2u, requests.size()) << log;
  const Json& post = requests["/leads"];
  EXPECT_EQ("POST", post["method"]);
  EXPECT_EQ(201, post["status"]);
  EXPECT_EQ("127.0.0.1", post["remote"]);
  EXPECT_TRUE(post["ms"].is_number());
  EXPECT_GT(post["ms"].get<double>(), 0);
  EXPECT_TRUE(post["time"].is_string());
  const Json& missing = requests["/nothing-here"];
  EXPECT_EQ("GET", missing["method"]);
  EXPECT_EQ(404, missing["status"]);
}

class ShutdownTest : public ::testing::TestWithParam<Backend> {};

// Posters keep sending distinct leads while the collector gets SIGTERM: it must exit cleanly,
// and every lead that was answered 201 must be in the database.
TEST_P(ShutdownTest, SigtermDuringABurstLosesNothingThatGot201) {
  auto collector = TestCollector::Start(GetParam(), {"--rate-limit", "0"});
  ASSERT_NE(nullptr, collector);
  constexpr int kPosters = 6;
  constexpr int kLeadsEach = 400;
  std::vector<std::vector<std::string>> payloads(kPosters);
  for (int poster = 0; poster < kPosters; ++poster) {
    for (int n = 0; n < 60; ++n) {
      payloads[poster].push_back(
          GenuinePayload("p" + std::to_string(poster) + "-" + std::to_string(n) + "@acme.com", 20));
    }
  }
  std::atomic<int> created{0}, answered{0};
  std::vector<std::thread> posters;
  for (int poster = 0; poster < kPosters; ++poster) {
    posters.emplace_back([&, poster] {
      auto client = collector->Client();
      client->set_connection_timeout(2);
      for (int n = 0; n < kLeadsEach && n < static_cast<int>(payloads[poster].size()); ++n) {
        auto result = client->Post("/leads", payloads[poster][n], "application/json");
        if (!result) {
          // Refused after shutdown began; a fresh connection must also be refused, not hang.
          continue;
        }
        ++answered;
        if (result->status == 201) ++created;
      }
    });
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (answered < 40 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  int exit_code = collector->process().Stop(SIGTERM);
  for (std::thread& poster : posters) poster.join();
  EXPECT_EQ(0, exit_code) << collector->process().Stderr();
  EXPECT_GE(created.load(), 40);
  EXPECT_EQ(created.load(), collector->CountRows());
  EXPECT_NE(std::string::npos, collector->process().Stderr().find("received SIGTERM"));
}

INSTANTIATE_TEST_SUITE_P(Stores, ShutdownTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
}  // namespace leadscore::server::testing

// The one command-line layer: how every command's options are read, before anything runs.
#include "command_line.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace leadscore::cli {
namespace {

template <typename Request>
Request Parsed(const std::vector<std::string>& args) {
  ParsedCommandLine line = ParseCommandLine(args);
  EXPECT_EQ(line.err, "");
  EXPECT_TRUE(line.command.has_value());
  if (!line.command || !std::holds_alternative<Request>(*line.command)) {
    ADD_FAILURE() << "not the expected command";
    return Request{};
  }
  return std::get<Request>(*line.command);
}

std::string UsageError(const std::vector<std::string>& args) {
  ParsedCommandLine line = ParseCommandLine(args);
  EXPECT_FALSE(line.command.has_value());
  EXPECT_EQ(line.exit_code, 2);
  EXPECT_EQ(line.out, "");
  return line.err;
}

TEST(CommandLine, ScoreReadsEveryOption) {
  ScoreRequest request = Parsed<ScoreRequest>({"score", "--config=c.json", "--now", "-5", "--payload", "log.jsonl"});
  EXPECT_EQ(request.config_path, "c.json");
  ASSERT_TRUE(request.now.has_value());
  EXPECT_EQ(*request.now, -5);
  EXPECT_TRUE(request.payload);
  EXPECT_EQ(request.events_path, "log.jsonl");
}

TEST(CommandLine, OperandsDefaultToStandardInput) {
  ScoreRequest score = Parsed<ScoreRequest>({"score", "--config", "c.json"});
  EXPECT_FALSE(score.now.has_value());
  EXPECT_FALSE(score.payload);
  EXPECT_EQ(score.events_path, "-");
  EXPECT_EQ(Parsed<ScoreRequest>({"score", "--config", "c.json", "-"}).events_path, "-");
  EXPECT_EQ(Parsed<VerifyRequest>({"verify", "--config", "c.json"}).payload_path, "-");
}

TEST(CommandLine, DoubleDashEndsTheOptions) {
  EXPECT_EQ(Parsed<ScoreRequest>({"score", "--config", "c.json", "--", "--odd-name.jsonl"}).events_path,
            "--odd-name.jsonl");
}

TEST(CommandLine, ValidateTakesAConfigOrAForwardingFile) {
  EXPECT_EQ(Parsed<ValidateRequest>({"validate", "c.json"}).config_path, "c.json");
  ValidateRequest forward = Parsed<ValidateRequest>({"validate", "--forward", "f.json"});
  EXPECT_EQ(forward.forward_path, "f.json");
  EXPECT_EQ(forward.config_path, "");
  EXPECT_EQ(UsageError({"validate", "c.json", "--forward", "f.json"}),
            "leadscore validate: give CONFIG or --forward FILE, not both (see 'leadscore validate --help')\n");
}

TEST(CommandLine, EveryOptionButStaticIsGivenOnce) {
  for (const std::string& command : {"score", "verify", "serve"}) {
    EXPECT_EQ(UsageError({command, "--config", "a.json", "--config", "b.json"}),
              "leadscore " + command + ": --config given twice (see 'leadscore " + command + " --help')\n");
  }
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--port", "1", "--port=2"}),
            "leadscore serve: --port given twice (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"score", "--config", "c", "--payload", "--payload"}),
            "leadscore score: --payload given twice (see 'leadscore score --help')\n");
  EXPECT_EQ(UsageError({"--version", "--version"}), "leadscore: --version given twice (see 'leadscore --help')\n");
  // A repeatable option given twice is not what a later error is about.
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--static", "a", "--static", "b", "--trusted-proxy", "10.0.0.1",
                        "--trusted-proxy", "10.0.0.2", "--port", "x"}),
            "leadscore serve: --port: expected a port number 0-65535, got 'x' (see 'leadscore serve --help')\n");
}

TEST(CommandLine, AnOperandAfterTheCommandsOwnIsAUsageError) {
  EXPECT_EQ(UsageError({"score", "--config", "c", "a.jsonl", "b.jsonl"}),
            "leadscore score: unexpected operand \"b.jsonl\" (see 'leadscore score --help')\n");
  EXPECT_EQ(UsageError({"verify", "--config", "c", "a.json", "b.json"}),
            "leadscore verify: unexpected operand \"b.json\" (see 'leadscore verify --help')\n");
}

TEST(CommandLine, ServeHasDefaultsForAllButTheConfig) {
  server::ServeOptions options = Parsed<server::ServeOptions>({"serve", "--config", "site.json"});
  EXPECT_EQ(options.config_path, "site.json");
  EXPECT_EQ(options.sqlite_path, "leads.db");
  EXPECT_EQ(options.postgres_url, "");
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 8080);
  EXPECT_EQ(options.max_body_bytes, 256 * 1024);
  EXPECT_EQ(options.rate_per_second, 10);
  EXPECT_EQ(options.rate_burst, 30);
  EXPECT_EQ(options.threads, 64);
  EXPECT_EQ(options.max_connections, 1024);
  EXPECT_EQ(options.max_connections_per_client, 0);
  EXPECT_EQ(options.request_timeout_seconds, 15);
  EXPECT_EQ(options.postgres_connections, 4);
  EXPECT_TRUE(options.static_mounts.empty());
}

TEST(CommandLine, ServeReadsTypedOptions) {
  server::ServeOptions options = Parsed<server::ServeOptions>(
      {"serve", "--config", "c", "--postgres", "postgresql://h/db", "--host", "::1", "--port", "0", "--max-body",
       "4096", "--rate-limit", "0.5", "--rate-burst", "2", "--threads", "8", "--pg-connections", "16",
       "--forward", "f.json", "--max-connections", "5000", "--max-connections-per-client", "16",
       "--request-timeout", "30"});
  EXPECT_EQ(options.postgres_url, "postgresql://h/db");
  EXPECT_EQ(options.host, "::1");
  EXPECT_EQ(options.port, 0);
  EXPECT_EQ(options.max_body_bytes, 4096);
  EXPECT_EQ(options.rate_per_second, 0.5);
  EXPECT_EQ(options.rate_burst, 2);
  EXPECT_EQ(options.threads, 8);
  EXPECT_EQ(options.postgres_connections, 16);
  EXPECT_EQ(options.forward_path, "f.json");
  EXPECT_EQ(options.max_connections, 5000);
  EXPECT_EQ(options.max_connections_per_client, 16);
  EXPECT_EQ(options.request_timeout_seconds, 30);
}

TEST(CommandLine, ServeRepeatsStaticMountsInOrder) {
  server::ServeOptions options =
      Parsed<server::ServeOptions>({"serve", "--config", "c", "--static", "demo", "--static=/leadscore/=build/web"});
  ASSERT_EQ(options.static_mounts.size(), 2u);
  EXPECT_EQ(options.static_mounts[0].prefix, "/");
  EXPECT_EQ(options.static_mounts[0].dir, "demo");
  EXPECT_EQ(options.static_mounts[1].prefix, "/leadscore");
  EXPECT_EQ(options.static_mounts[1].dir, "build/web");
  // Each --static takes one directory; a second word is an operand serve does not take.
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--static", "a", "b"}),
            "leadscore serve: unexpected operand \"b\" (see 'leadscore serve --help')\n");
}

TEST(CommandLine, ServeTakesTheAdminTokenFromTheEnvironmentUnlessGiven) {
  ::setenv("LEADSCORE_ADMIN_TOKEN", "env", 1);
  EXPECT_EQ(Parsed<server::ServeOptions>({"serve", "--config", "c"}).admin_token, "env");
  EXPECT_EQ(Parsed<server::ServeOptions>({"serve", "--config", "c", "--admin-token", "flag"}).admin_token, "flag");
  ::unsetenv("LEADSCORE_ADMIN_TOKEN");
  EXPECT_EQ(Parsed<server::ServeOptions>({"serve", "--config", "c"}).admin_token, "");
}

TEST(CommandLine, ServeRefusesValuesOutOfRange) {
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--port", "99999"}),
            "leadscore serve: --port: expected a port number 0-65535, got '99999' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--max-body", "10"}),
            "leadscore serve: --max-body: expected a byte count from 1024, got '10' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--rate-limit", "-1"}),
            "leadscore serve: --rate-limit: expected a non-negative number, got '-1' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--rate-burst", "0.5"}),
            "leadscore serve: --rate-burst: expected a number from 1, got '0.5' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--threads", "1"}),
            "leadscore serve: --threads: expected 2-1024, got '1' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--pg-connections", "65"}),
            "leadscore serve: --pg-connections: expected 1-64, got '65' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--max-connections", "0"}),
            "leadscore serve: --max-connections: expected 1-1000000, got '0' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--request-timeout", "301"}),
            "leadscore serve: --request-timeout: expected seconds 1-300, got '301' (see 'leadscore serve --help')\n");
  EXPECT_EQ(UsageError({"serve", "--config", "c", "--static", "/x="}),
            "leadscore serve: --static: expects a directory (see 'leadscore serve --help')\n");
}

TEST(CommandLine, ServeTakesOneDatabase) {
  std::string err = UsageError({"serve", "--config", "c", "--db", "x.db", "--postgres", "postgresql://h/db"});
  EXPECT_NE(err.find("--db"), std::string::npos) << err;
  EXPECT_NE(err.find("--postgres"), std::string::npos) << err;
}

TEST(CommandLine, HelpIsGeneratedFromTheOptions) {
  ParsedCommandLine line = ParseCommandLine({"serve", "--help"});
  EXPECT_EQ(line.exit_code, 0);
  EXPECT_FALSE(line.command.has_value());
  EXPECT_EQ(line.out.rfind("Usage: leadscore serve", 0), 0u) << line.out;
  for (const char* option : {"--config", "--db", "--postgres", "--static", "--host", "--port", "--admin-token",
                             "--max-body", "--rate-limit", "--rate-burst", "--threads", "--max-connections",
                             "--max-connections-per-client", "--request-timeout", "--pg-connections", "--forward", "LEADSCORE_ADMIN_TOKEN"}) {
    EXPECT_NE(line.out.find(option), std::string::npos) << option;
  }
  // The defaults shown are the ones the options start from.
  EXPECT_NE(line.out.find("8080"), std::string::npos) << line.out;
  EXPECT_NE(line.out.find("leads.db"), std::string::npos) << line.out;
}

}  // namespace
}  // namespace leadscore::cli

#include <gtest/gtest.h>

#include "run_cli.h"

namespace leadscore::cli_test {
namespace {

TEST(Main, VersionPrintsNameAndVersion) {
  CliRun run = RunCli({"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "leadscore 0.1.0\n");
  EXPECT_EQ(run.err, "");
}

TEST(Main, HelpListsEveryCommand) {
  CliRun run = RunCli({"--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out.rfind("Usage: leadscore", 0), 0u) << run.out;
  for (const char* command : {"validate", "score", "verify", "serve", "--version"}) {
    EXPECT_NE(run.out.find(std::string("\n  ") + command), std::string::npos) << command;
  }
  EXPECT_EQ(run.err, "");
}

TEST(Main, EachCommandHasItsOwnHelp) {
  for (const char* command : {"validate", "score", "verify", "serve"}) {
    CliRun run = RunCli({command, "--help"});
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_EQ(run.out.rfind(std::string("Usage: leadscore ") + command, 0), 0u) << run.out;
  }
}

TEST(Main, MissingCommand) {
  CliRun run = RunCli({});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "leadscore: missing command (see 'leadscore --help')\n");
}

TEST(Main, UnknownCommand) {
  CliRun run = RunCli({"frobnicate", "x"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "leadscore: unknown command \"frobnicate\" (see 'leadscore --help')\n");
}

TEST(Main, UnknownTopLevelOption) {
  CliRun run = RunCli({"--verbose"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "leadscore: unknown option \"--verbose\" (see 'leadscore --help')\n");
}

TEST(Main, UnknownCommandOption) {
  CliRun run = RunCli({"score", "--config", ExampleConfig(), "--fast"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "leadscore score: unknown option \"--fast\" (see 'leadscore score --help')\n");
}

TEST(Main, OptionWithoutItsValue) {
  CliRun run = RunCli({"verify", "--config"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "leadscore verify: --config: 1 required CONFIG missing (see 'leadscore verify --help')\n");
}

TEST(Main, AnOptionGivenTwiceIsAUsageError) {
  CliRun run = RunCli({"validate", "--forward", "a.json", "--forward", "b.json"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "leadscore validate: --forward given twice (see 'leadscore validate --help')\n");
}

}  // namespace
}  // namespace leadscore::cli_test

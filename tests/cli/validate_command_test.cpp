#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "run_cli.h"

namespace leadscore::cli_test {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

TEST(ValidateCommand, SpecExampleIsValid) {
  std::string path = ExampleConfig();
  CliRun run = RunCli({"validate", path});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, path + ": ok (5 engagement rules, 4 fit rules, 1 gate)\n");
  EXPECT_EQ(run.err, "");
}

TEST(ValidateCommand, ReportsEveryErrorPrefixedByTheFile) {
  std::string path = Fixture("invalid_config.json");
  CliRun run = RunCli({"validate", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");

  // Four independent mistakes, each reported on a line of its own.
  std::vector<std::string> lines = Lines(run.err);
  for (const char* json_path : {"$.version: ", "$.engagement.rules[0].points: ",
                                "$.engagement.rules[1].on: ", "$.qualify.requireConsnt: "}) {
    std::string prefix = path + ": " + json_path;
    bool found = false;
    for (const std::string& line : lines) found = found || line.rfind(prefix, 0) == 0;
    EXPECT_TRUE(found) << "no line starts with " << prefix << " in\n" << run.err;
  }

  // Exactly these, in document order, nothing else (written out, not taken from the core).
  EXPECT_EQ(run.err, path + ": $.version: must be 1\n" +
                         path + ": $.engagement.rules[0].points: expected a number\n" +
                         path + ": $.engagement.rules[1].on: unknown event type \"teleport\"\n" +
                         path + ": $.qualify.requireConsnt: unknown key\n");
}

TEST(ValidateCommand, MalformedJsonIsOneError) {
  std::string path = Fixture("not_json.json");
  CliRun run = RunCli({"validate", path});
  EXPECT_EQ(run.exit_code, 2);
  ASSERT_EQ(Lines(run.err).size(), 1u) << run.err;
  EXPECT_EQ(run.err.rfind(path + ": ", 0), 0u) << run.err;
}

TEST(ValidateCommand, MissingFile) {
  std::string path = Fixture("no_such_config.json");
  CliRun run = RunCli({"validate", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, path + ": cannot read: No such file or directory\n");
}

TEST(ValidateCommand, DirectoryIsNotAConfig) {
  CliRun run = RunCli({"validate", LEADSCORE_CLI_FIXTURES});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, std::string(LEADSCORE_CLI_FIXTURES) + ": cannot read: Is a directory\n");
}

// A config, or a forwarding file, is a few kilobytes: a path to something endless or huge is
// refused before it fills the memory, whether it is a stream or a regular file.
TEST(ValidateCommand, RefusesAFileLargerThanASettingsFileCanBe) {
  CliRun run = RunCli({"validate", "/dev/zero"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "/dev/zero: cannot read: larger than 64 MiB\n");

  std::string big = (std::filesystem::temp_directory_path() / ("leadscore-big-" + std::to_string(getpid()))).string();
  { std::ofstream create(big); }
  std::filesystem::resize_file(big, (std::uintmax_t{64} << 20) + 1);  // sparse: no disk used
  for (const std::vector<std::string>& args : {std::vector<std::string>{"validate", big},
                                               std::vector<std::string>{"validate", "--forward", big}}) {
    run = RunCli(args);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.err, big + ": cannot read: larger than 64 MiB\n");
  }
  std::filesystem::remove(big);
}

TEST(ValidateCommand, AForwardingFileFailsToReadAsAConfigDoes) {
  std::string path = Fixture("no_such_forward.json");
  CliRun run = RunCli({"validate", "--forward", path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, path + ": cannot read: No such file or directory\n");

  run = RunCli({"validate", "--forward", LEADSCORE_CLI_FIXTURES});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, std::string(LEADSCORE_CLI_FIXTURES) + ": cannot read: Is a directory\n");
}

TEST(ValidateCommand, NeedsExactlyOneConfig) {
  CliRun none = RunCli({"validate"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "leadscore validate: missing CONFIG (see 'leadscore validate --help')\n");

  CliRun two = RunCli({"validate", "a.json", "b.json"});
  EXPECT_EQ(two.exit_code, 2);
  EXPECT_EQ(two.err, "leadscore validate: unexpected operand \"b.json\" (see 'leadscore validate --help')\n");
}

}  // namespace
}  // namespace leadscore::cli_test

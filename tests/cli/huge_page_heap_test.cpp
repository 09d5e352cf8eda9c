#include "huge_page_heap.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "run_cli.h"

namespace leadscore::cli_test {
namespace {

using cli::TunablesWithHugePageHeap;

TEST(HugePageHeap, AddsTheSettingToWhateverTheUserSet) {
  EXPECT_EQ(TunablesWithHugePageHeap(nullptr), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(TunablesWithHugePageHeap(""), "glibc.malloc.hugetlb=1");
  EXPECT_EQ(TunablesWithHugePageHeap("glibc.malloc.arena_max=2"), "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
}

TEST(HugePageHeap, TheUsersOwnChoiceStands) {
  EXPECT_EQ(TunablesWithHugePageHeap("glibc.malloc.hugetlb=0"), std::nullopt);
  EXPECT_EQ(TunablesWithHugePageHeap("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2"), std::nullopt);
}

std::string ProcessEnvironment(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// `score -` restarts before it reads stdin: the restarted process has the setting in its
// environment, and every byte written to stdin is still scored.
TEST(HugePageHeap, ScoreRestartsWithTheSettingAndLosesNoInput) {
  std::string log = ReadFixture("qualified_lead.jsonl");
  CliRun expected = RunCli({"score", "--config", ExampleConfig(), Fixture("qualified_lead.jsonl")});
  ASSERT_EQ(expected.exit_code, 0) << expected.err;

  int input[2], output[2];
  ASSERT_EQ(::pipe(input), 0);
  ASSERT_EQ(::pipe(output), 0);
  std::vector<std::string> args{LEADSCORE_CLI, "score", "--config", ExampleConfig(), "-"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t child = ::fork();
  if (child == 0) {
    ::dup2(input[0], STDIN_FILENO);
    ::dup2(output[1], STDOUT_FILENO);
    ::close(input[1]);
    ::close(output[0]);
    ::unsetenv("GLIBC_TUNABLES");
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ASSERT_GT(child, 0);
  ::close(input[0]);
  ::close(output[1]);

  // It waits for stdin meanwhile, so its environment can be read.
  bool restarted = false;
  for (int tries = 0; tries < 500 && !restarted; ++tries) {
    restarted = ProcessEnvironment(child).find("GLIBC_TUNABLES=glibc.malloc.hugetlb=1") != std::string::npos;
    if (!restarted) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(restarted) << "environment: " << ProcessEnvironment(child);

  ASSERT_EQ(::write(input[1], log.data(), log.size()), static_cast<ssize_t>(log.size()));
  ::close(input[1]);
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(output[0], buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<size_t>(n));
  ::close(output[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(out, expected.out);
}

}  // namespace
}  // namespace leadscore::cli_test

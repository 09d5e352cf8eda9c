#include "run_cli.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>

namespace leadscore::cli_test {
namespace {

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// Temporary files instead of pipes: the child can write any amount without a reader.
File TempFile() { return File(std::tmpfile(), &std::fclose); }

std::string ReadAll(std::FILE* file) {
  std::rewind(file);
  std::string text;
  char buffer[1 << 14];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  return text;
}

}  // namespace

CliRun RunCli(const std::vector<std::string>& args, const std::string& input) {
  File in = TempFile(), out = TempFile(), err = TempFile();
  CliRun run;
  if (!in || !out || !err) {
    ADD_FAILURE() << "cannot create temporary files";
    return run;
  }
  std::fwrite(input.data(), 1, input.size(), in.get());
  std::fflush(in.get());
  std::rewind(in.get());

  std::vector<std::string> argv_text{LEADSCORE_CLI};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t child = ::fork();
  if (child == 0) {
    ::dup2(::fileno(in.get()), STDIN_FILENO);
    ::dup2(::fileno(out.get()), STDOUT_FILENO);
    ::dup2(::fileno(err.get()), STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (child < 0) {
    ADD_FAILURE() << "fork failed";
    return run;
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = ReadAll(out.get());
  run.err = ReadAll(err.get());
  return run;
}

std::string Fixture(const std::string& name) {
  return std::string(LEADSCORE_CLI_FIXTURES) + "/" + name;
}

std::string ExampleConfig() { return LEADSCORE_EXAMPLE_CONFIG; }

std::string ReadFixture(const std::string& name) {
  std::ifstream file(Fixture(name), std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "missing fixture " << Fixture(name);
    return "";
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace leadscore::cli_test

#include "collector_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "lead_fixtures.h"

namespace leadscore::server::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStartupTimeout = std::chrono::seconds(20);

// Forks and execs the binary with stdout into `stdout_fd` and stderr into `stderr_path`.
pid_t Spawn(const std::vector<std::string>& args, int stdout_fd, const std::string& stderr_path,
            const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv_text = {LEADSCORE_BINARY, "serve"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = fork();
  if (pid != 0) return pid;
  int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(stdout_fd, STDOUT_FILENO);
  dup2(err, STDERR_FILENO);
  for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
  execv(argv[0], argv.data());
  std::fprintf(stderr, "cannot run %s: %s\n", argv[0], std::strerror(errno));
  _exit(127);
}

int WaitExit(pid_t pid, std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  int status = 0;
  while (Clock::now() < deadline) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace

std::unique_ptr<CollectorProcess> CollectorProcess::Start(const std::vector<std::string>& args,
                                                          std::string& error,
                                                          const std::map<std::string, std::string>& env) {
  std::unique_ptr<CollectorProcess> process(new CollectorProcess());
  process->temp_dir_ = MakeTempDir("leadscore-collector");
  process->stderr_path_ = process->temp_dir_ + "/stderr";
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    error = "pipe failed";
    return nullptr;
  }
  std::vector<std::string> full = args;
  full.insert(full.end(), {"--host", "127.0.0.1", "--port", "0"});
  process->pid_ = Spawn(full, pipe_fds[1], process->stderr_path_, env);
  close(pipe_fds[1]);

  std::string out;
  auto deadline = Clock::now() + kStartupTimeout;
  const std::string marker = "listening on http://127.0.0.1:";
  while (Clock::now() < deadline) {
    size_t at = out.find(marker);
    if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
      process->port_ = std::atoi(out.c_str() + at + marker.size());
      process->startup_line_ = out.substr(0, out.find('\n', at));
      break;
    }
    pollfd ready{pipe_fds[0], POLLIN, 0};
    if (poll(&ready, 1, 100) <= 0) continue;
    char buffer[512];
    ssize_t got = read(pipe_fds[0], buffer, sizeof buffer);
    if (got <= 0) break;  // the server exited before listening
    out.append(buffer, static_cast<size_t>(got));
  }
  close(pipe_fds[0]);
  if (process->port_ <= 0) {
    error = "the collector did not start; stdout: " + out + "; stderr: " + process->Stderr();
    process->Stop(SIGKILL);
    return nullptr;
  }
  return process;
}

CollectorProcess::~CollectorProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  RemoveTree(temp_dir_);
}

int CollectorProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int code = WaitExit(pid_, std::chrono::seconds(30));
  pid_ = -1;
  return code;
}

std::string CollectorProcess::Stderr() const { return ReadWholeFile(stderr_path_); }

CollectorRun RunCollector(const std::vector<std::string>& args) {
  std::string dir = MakeTempDir("leadscore-run");
  std::string out_path = dir + "/out", err_path = dir + "/err";
  int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = Spawn(args, out, err_path, {});
  close(out);
  CollectorRun run;
  run.exit_code = WaitExit(pid, std::chrono::seconds(20));
  run.out = ReadWholeFile(out_path);
  run.err = ReadWholeFile(err_path);
  RemoveTree(dir);
  return run;
}

}  // namespace leadscore::server::testing

#include "postgres_instance.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "lead_fixtures.h"

namespace leadscore::server::testing {
namespace {

// Debian's postgresql package installs here; LEADSCORE_PG_BINDIR points elsewhere.
std::string BinDir() {
  const char* dir = std::getenv("LEADSCORE_PG_BINDIR");
  return dir ? dir : "/usr/lib/postgresql/15/bin";
}

// Runs a PostgreSQL tool, as `postgres` when we are root; output goes to `log`.
bool RunTool(const std::string& command_line, const std::string& log) {
  std::string command = geteuid() == 0 ? "runuser -u postgres -- " + command_line : command_line;
  return std::system((command + " >>" + log + " 2>&1").c_str()) == 0;
}

}  // namespace

std::unique_ptr<PostgresInstance> PostgresInstance::Start(std::string& error) {
  std::string bin = BinDir();
  if (access((bin + "/initdb").c_str(), X_OK) != 0 || access((bin + "/pg_ctl").c_str(), X_OK) != 0) {
    error = "PostgreSQL server binaries not found in " + bin +
            " (install the `postgresql` package, e.g. scripts/setup, or set LEADSCORE_PG_BINDIR)";
    return nullptr;
  }
  std::unique_ptr<PostgresInstance> instance(new PostgresInstance());
  instance->dir_ = MakeTempDir("leadscore-pg");
  if (geteuid() == 0) {
    passwd* user = getpwnam("postgres");
    if (!user) {
      error = "running as root but there is no `postgres` user to run PostgreSQL as";
      return nullptr;
    }
    if (chown(instance->dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
      error = "cannot hand " + instance->dir_ + " to the postgres user";
      return nullptr;
    }
  }
  std::string data = instance->dir_ + "/data";
  std::string log = instance->dir_ + "/setup.log";
  if (!RunTool(bin + "/initdb --no-sync -A trust -U postgres -E UTF8 -D " + data, log)) {
    error = "initdb failed: " + ReadWholeFile(log);
    return nullptr;
  }
  instance->port_ = FreeLoopbackPort();
  instance->options_ = "-c listen_addresses=127.0.0.1 -p " + std::to_string(instance->port_) + " -k " +
                       instance->dir_ + " -c max_connections=60";
  if (!instance->Restart()) {
    error = "pg_ctl start failed: " + ReadWholeFile(log) + ReadWholeFile(instance->dir_ + "/server.log");
    return nullptr;
  }
  return instance;
}

bool PostgresInstance::Restart() {
  return RunTool(BinDir() + "/pg_ctl -w -t 30 -D " + dir_ + "/data -l " + dir_ + "/server.log -o '" + options_ +
                     "' start",
                 dir_ + "/setup.log");
}

bool PostgresInstance::Stop() {
  return RunTool(BinDir() + "/pg_ctl -D " + dir_ + "/data -m fast -w stop", dir_ + "/setup.log");
}

bool PostgresInstance::Pause() { return Signal(SIGSTOP); }
bool PostgresInstance::Resume() { return Signal(SIGCONT); }

// The postmaster (first line of postmaster.pid) and its children, the backends.
bool PostgresInstance::Signal(int signal) {
  std::ifstream pid_file(dir_ + "/data/postmaster.pid");
  pid_t postmaster = 0;
  if (!(pid_file >> postmaster) || postmaster <= 0) return false;
  std::vector<pid_t> pids = {postmaster};
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string text = ReadWholeFile(entry.path() / "stat");
    size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(text.substr(close + 2));
    char state = 0;
    pid_t parent = 0;
    rest >> state >> parent;
    if (parent == postmaster) pids.push_back(std::stoi(name));
  }
  bool all = true;
  for (pid_t pid : pids) all &= kill(pid, signal) == 0;
  return all;
}

PostgresInstance::~PostgresInstance() {
  Resume();  // a paused server ignores the stop until it runs again
  if (port_) RunTool(BinDir() + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop", "/dev/null");
  RemoveTree(dir_);
}

std::string PostgresInstance::AdminUrl() const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

std::string PostgresInstance::CreateDatabase(const std::string& name, std::string& error) {
  QueryValue(AdminUrl(), "CREATE DATABASE " + name, error);
  if (!error.empty()) return "";
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string PostgresInstance::QueryValue(const std::string& url, const std::string& sql, std::string& error) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string value;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK && PQntuples(result) > 0) {
      value = PQgetvalue(result, 0, 0);
    } else if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = PQerrorMessage(conn);
    }
    PQclear(result);
  }
  PQfinish(conn);
  return value;
}

}  // namespace leadscore::server::testing

#include "serve_command.h"

#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "access_log.h"
#include "commit_queue.h"
#include "intake_activity.h"
#include "forward/delivery_worker.h"
#include "forward/forward_config.h"
#include "forward/http_sender.h"
#include "collector_routes.h"
#include "http_server.h"
#include "config_revisions.h"
#include "input_file.h"
#include "leadscore/config.h"
#include "postgres_lead_store.h"
#include "rate_limiter.h"
#include "serve_options.h"
#include "sqlite_lead_store.h"
#include "static_files.h"
#include "wall_clock.h"

namespace leadscore::server {
namespace {

constexpr int kExitStartup = 2;
// Leads a single transaction may carry; bounds the latency one commit adds for its waiters.
constexpr size_t kMaxBatch = 256;
// Shorter admin tokens fall to guessing too soon, even at the admin API's rate limit.
constexpr size_t kMinAdminTokenLength = 16;
// The admin API per client address: enough for a dashboard paging through leads, far too few
// for guessing a token.
constexpr double kAdminRatePerSecond = 10;
constexpr double kAdminRateBurst = 60;
// How long SIGTERM waits for requests in progress before closing their connections.
constexpr std::chrono::milliseconds kDrain{10000};

int StartupError(const std::string& message) {
  std::cerr << "leadscore serve: " << message << "\n";
  return kExitStartup;
}

// Every error of a file serve was given, one line each: `leadscore serve: NAME: …`.
int FileErrors(const std::vector<Error>& errors) {
  for (const Error& error : errors) std::cerr << "leadscore serve: " << error.ToString() << "\n";
  return kExitStartup;
}

// A listening socket on host:port (port 0: any free one, written back). No SO_REUSEPORT: a
// second collector on the same port must be a startup error, not a silent split of the traffic.
int Listen(const std::string& host, int& port, std::string& error) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    error = gai_strerror(rc);
    return -1;
  }
  int fd = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  if (fd < 0) {
    error = std::strerror(errno);
  } else {
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      error = std::strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd >= 0) {
    sockaddr_storage bound{};
    socklen_t size = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size);
    port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                              : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  }
  return fd;
}

// Each connection is a descriptor: the soft limit (often 1024) would cap connections far below
// --max-connections, so it is raised as far as the hard limit allows.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::string Url(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Waits for SIGTERM/SIGINT (blocked in every thread, so only this one receives them) and says so;
// the caller then stops the server.
class ShutdownWatcher {
 public:
  ShutdownWatcher() : thread_([this] { Watch(); }) {}
  ~ShutdownWatcher() {
    Finish();
    thread_.join();
  }

  /// Blocks until a shutdown signal arrives.
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return signalled_ || done_; });
  }

 private:
  void Finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
    wake_.notify_all();
  }

  void Watch() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    const timespec poll{0, 100 * 1000 * 1000};
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (done_) return;
      }
      int signal = sigtimedwait(&signals, nullptr, &poll);
      if (signal == SIGTERM || signal == SIGINT) {
        WriteEventLog("info", std::string("received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                                  ", finishing in-flight requests");
        std::lock_guard<std::mutex> lock(mutex_);
        signalled_ = true;
        wake_.notify_all();
        return;
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  bool signalled_ = false;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

int RunServeCommand(const ServeOptions& given) {
  ServeOptions options = given;
  // Secrets from files, so they stay out of `ps`; a trailing newline is not part of them.
  for (auto [path, secret] : {std::pair{&options.admin_token_file, &options.admin_token},
                              std::pair{&options.postgres_file, &options.postgres_url}}) {
    if (path->empty()) continue;
    Result<std::string> read = io::ReadInput(*path, io::kMaxSettingsFileBytes);
    if (!read.ok()) return FileErrors(read.errors());
    std::string text = std::move(read).value();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    *secret = text;
  }
  if (!options.admin_token.empty() && options.admin_token.size() < kMinAdminTokenLength) {
    return StartupError("the admin token must be at least " + std::to_string(kMinAdminTokenLength) +
                        " characters long");
  }

  // The config's text is kept too: the store keeps it under its revision.
  Result<std::string> config_text = io::ReadInput(options.config_path, io::kMaxSettingsFileBytes);
  if (!config_text.ok()) return FileErrors(config_text.errors());
  Result<Config> config = ParseConfig(config_text.value());
  if (!config.ok()) return FileErrors(io::InFile(options.config_path, config.errors()));

  std::optional<ForwardConfig> forwarding;
  if (!options.forward_path.empty()) {
    auto forward = LoadForwardConfig(options.forward_path, [](const char* name) { return std::getenv(name); });
    if (!forward.ok()) return FileErrors(forward.errors());
    forwarding = std::move(forward).value();
    InitializeHttpSender();
  }

  // Block the shutdown signals before any thread starts, so every thread inherits the mask and
  // the watcher alone receives them. A peer closing early must not kill the process either.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto opened = options.postgres_url.empty()
                    ? OpenSqliteLeadStore(options.sqlite_path)
                    : OpenPostgresLeadStore(options.postgres_url, options.postgres_connections);
  if (!opened.ok()) return StartupError("cannot open the database: " + opened.errors().front().ToString());
  std::unique_ptr<LeadStore> store = std::move(opened).value();
  // Kept before intake starts, so that after a rollout every collector sharing the store still
  // verifies the leads scored under this revision.
  ConfigRevisions revisions(config.value(), *store);
  auto kept = revisions.KeepCurrent(CanonicalConfigJson(config_text.value()).value_or(config_text.value()), NowMs());
  if (!kept.ok()) return StartupError("cannot keep the config revision: " + kept.errors().front().ToString());
  if (kept.value()) WriteEventLog("warning", options.config_path + ": " + *kept.value());
  IntakeActivity intake;
  std::unique_ptr<DeliveryWorker> deliveries;
  if (forwarding) {
    std::vector<std::string> destinations;
    for (const Destination& destination : forwarding->destinations) destinations.push_back(destination.id);
    store->SetDeliveryDestinations(destinations);
    RequestSender send = [](const OutboundRequest& request, const std::atomic<bool>& cancel) {
      return SendRequest(request, SendLimits{}, cancel, NowMs());
    };
    // Starts before intake so that deliveries left pending by the last run go out at once.
    DeliveryWorkerSettings pace;
    pace.intake = &intake;
    deliveries = std::make_unique<DeliveryWorker>(*store, *forwarding, send, pace);
  }

  int exit_code = 0;
  {
    CommitQueue queue(*store, kMaxBatch, intake);
    RateLimiter limiter(options.rate_per_second, options.rate_burst);
    RateLimiter admin_limiter(kAdminRatePerSecond, kAdminRateBurst);
    RouteContext context{config.value(), options, *store, queue, limiter, admin_limiter, revisions};
    Router router;
    AddCollectorRoutes(router, context);
    StaticFiles files;
    std::vector<std::string> private_files;
    if (options.postgres_url.empty()) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) private_files.push_back(options.sqlite_path + suffix);
    }
    if (auto error = files.Mount(options.static_mounts, private_files)) {
      if (deliveries) deliveries->Stop();
      return StartupError(error->ToString());
    }

    RaiseDescriptorLimit();
    int port = options.port;
    std::string listen_error;
    int listening = Listen(options.host, port, listen_error);
    if (listening < 0) {
      if (deliveries) deliveries->Stop();
      return StartupError("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                          listen_error);
    }
    HttpLimits limits;
    limits.max_body_bytes = static_cast<size_t>(options.max_body_bytes);
    limits.max_connections = options.max_connections;
    limits.max_connections_per_client = options.max_connections_per_client;
    limits.handler_threads = options.threads;
    limits.request_deadline = std::chrono::seconds(options.request_timeout_seconds);
    Site site{router, files, [&context](const Request& request, Response& response) {
                FinishAnswer(context, request, response);
              }};
    HttpServer server(site, limits);
    if (auto error = server.Start(listening)) {
      if (deliveries) deliveries->Stop();
      return StartupError(error->ToString());
    }
    std::string where = store->Kind() == "sqlite" ? "sqlite " + options.sqlite_path : "postgres";
    std::cout << "leadscore collector listening on " << Url(options.host, port) << " (" << where << ")"
              << std::endl;
    if (options.admin_token.empty()) {
      WriteEventLog("info", "no admin token: GET /leads and /leads.csv answer 401 (set --admin-token)");
    }

    {
      ShutdownWatcher watcher;
      watcher.Wait();
    }
    // Stops accepting, lets requests in progress finish, then closes every connection.
    server.Stop(kDrain);
    queue.Close();
    if (deliveries) deliveries->Stop();
  }
  deliveries.reset();
  store.reset();
  WriteEventLog("info", "stopped; database closed");
  return exit_code;
}

}  // namespace leadscore::server

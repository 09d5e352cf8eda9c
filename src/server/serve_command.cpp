#include "serve_command.h"

#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "access_log.h"
#include "commit_queue.h"
#include "forward/delivery_worker.h"
#include "forward/forward_config.h"
#include "forward/http_sender.h"
#include "http_server.h"
#include "leadscore/config.h"
#include "postgres_lead_store.h"
#include "rate_limiter.h"
#include "serve_options.h"
#include "sqlite_lead_store.h"

namespace leadscore::server {
namespace {

constexpr int kExitStartup = 2;
// Leads a single transaction may carry; bounds the latency one commit adds for its waiters.
constexpr size_t kMaxBatch = 256;

int StartupError(const std::string& message) {
  std::cerr << "leadscore serve: " << message << "\n";
  return kExitStartup;
}

bool ReadFile(const std::string& path, std::string& out, std::string& error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << file.rdbuf();
  out = text.str();
  return true;
}

// httplib only says that binding failed; binding once more ourselves recovers the reason
// ("Address already in use", "Cannot assign requested address").
std::string BindFailureReason(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) return gai_strerror(rc);
  std::string reason = "unknown error";
  int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd < 0) {
    reason = std::strerror(errno);
  } else {
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(fd, found->ai_addr, found->ai_addrlen) != 0) reason = std::strerror(errno);
    close(fd);
  }
  freeaddrinfo(found);
  return reason;
}

std::string Url(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Waits for SIGTERM/SIGINT (blocked in every thread, so only this one receives them) and stops
// the server: it closes the listening socket, lets in-flight requests finish, and returns.
class ShutdownWatcher {
 public:
  explicit ShutdownWatcher(httplib::Server& server) : thread_([this, &server] { Watch(server); }) {}
  ~ShutdownWatcher() {
    done_ = true;
    thread_.join();
  }

 private:
  void Watch(httplib::Server& server) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    const timespec poll{0, 100 * 1000 * 1000};
    while (!done_) {
      int signal = sigtimedwait(&signals, nullptr, &poll);
      if (signal == SIGTERM || signal == SIGINT) {
        WriteEventLog("info", std::string("received ") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                                  ", finishing in-flight requests");
        // stop() is ignored until listening began; a signal right at startup must not be lost.
        while (!server.is_running() && !done_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        server.stop();
        return;
      }
    }
  }

  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

int RunServeCommand(int argc, char** argv) {
  for (int n = 0; n < argc; ++n) {
    if (std::strcmp(argv[n], "--help") == 0 || std::strcmp(argv[n], "-h") == 0) {
      std::cout << ServeUsage();
      return 0;
    }
  }
  auto parsed = ParseServeOptions(argc, argv, std::getenv("LEADSCORE_ADMIN_TOKEN"));
  if (!parsed.ok()) {
    for (const Error& error : parsed.errors()) std::cerr << "leadscore serve: " << error.ToString() << "\n";
    std::cerr << ServeUsage();
    return kExitStartup;
  }
  const ServeOptions& options = parsed.value();

  std::string config_text, read_error;
  if (!ReadFile(options.config_path, config_text, read_error)) {
    return StartupError("cannot read config " + options.config_path + ": " + read_error);
  }
  auto config = ParseConfig(config_text);
  if (!config.ok()) {
    for (const Error& error : config.errors()) {
      std::cerr << "leadscore serve: " << options.config_path << ": " << error.ToString() << "\n";
    }
    return kExitStartup;
  }

  std::optional<ForwardConfig> forwarding;
  if (!options.forward_path.empty()) {
    std::string forward_text;
    if (!ReadFile(options.forward_path, forward_text, read_error)) {
      return StartupError("cannot read forwarding file " + options.forward_path + ": " + read_error);
    }
    auto forward = ParseForwardConfig(forward_text, [](const char* name) { return std::getenv(name); });
    if (!forward.ok()) {
      for (const Error& error : forward.errors()) {
        std::cerr << "leadscore serve: " << options.forward_path << ": " << error.ToString() << "\n";
      }
      return kExitStartup;
    }
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
  std::unique_ptr<DeliveryWorker> deliveries;
  if (forwarding) {
    std::vector<std::string> destinations;
    for (const Destination& destination : forwarding->destinations) destinations.push_back(destination.id);
    store->SetDeliveryDestinations(destinations);
    RequestSender send = [](const OutboundRequest& request, const std::atomic<bool>& cancel) {
      return SendRequest(request, SendLimits{}, cancel, NowMs());
    };
    // Starts before intake so that deliveries left pending by the last run go out at once.
    deliveries = std::make_unique<DeliveryWorker>(*store, *forwarding, send);
  }

  int exit_code = 0;
  {
    CommitQueue queue(*store, kMaxBatch);
    RateLimiter limiter(options.rate_per_second, options.rate_burst);
    RouteContext context{config.value(), options, *store, queue, limiter};
    httplib::Server server;
    if (auto error = ConfigureServer(server, context)) {
      if (deliveries) deliveries->Stop();
      return StartupError(error->ToString());
    }

    // httplib's default socket options add SO_REUSEPORT, which would let a second collector bind
    // the same port silently and split the traffic: a taken port must be a startup error.
    int listening_socket = -1;
    server.set_socket_options([&listening_socket](int socket) {
      int yes = 1;
      setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listening_socket = socket;
    });
    int port = options.port;
    bool bound = port == 0 ? (port = server.bind_to_any_port(options.host)) > 0
                           : server.bind_to_port(options.host, port);
    if (!bound) {
      if (deliveries) deliveries->Stop();
      return StartupError("cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " +
                          BindFailureReason(options.host, options.port));
    }
    // Debian's httplib listens with a backlog of 5; a burst of new connections (a load balancer
    // opening its pool, a busy page) would overflow it. Listening again only raises the backlog.
    if (listening_socket >= 0) listen(listening_socket, SOMAXCONN);
    std::string where = store->Kind() == "sqlite" ? "sqlite " + options.sqlite_path : "postgres";
    std::cout << "leadscore collector listening on " << Url(options.host, port) << " (" << where << ")"
              << std::endl;
    if (options.admin_token.empty()) {
      WriteEventLog("info", "no admin token: GET /leads and /leads.csv answer 401 (set --admin-token)");
    }

    bool clean = false;
    {
      ShutdownWatcher watcher(server);
      // Returns after stop(): the listening socket is closed and the worker threads have
      // finished their requests.
      clean = server.listen_after_bind();
    }
    queue.Close();
    if (deliveries) deliveries->Stop();
    if (!clean) {
      WriteEventLog("error", "the server stopped unexpectedly");
      exit_code = 1;
    }
  }
  deliveries.reset();
  store.reset();
  WriteEventLog("info", "stopped; database closed");
  return exit_code;
}

}  // namespace leadscore::server

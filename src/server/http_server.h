#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_types.h"
#include "leadscore/result.h"
#include "router.h"
#include "static_files.h"

struct MHD_Daemon;
struct MHD_Connection;

namespace leadscore::server {

/// What one client may cost the collector, and all of them together.
struct HttpLimits {
  size_t max_body_bytes = 256 * 1024;  // per request, on every route
  size_t header_bytes = 32 * 1024;     // request line and headers, per connection
  size_t body_budget_bytes = 64 * 1024 * 1024;  // request bodies held at once, all connections
  int max_connections = 1024;          // beyond it: 503 with Retry-After, then refused outright
  int max_connections_per_client = 0;  // from one address; more are closed at accept; 0: no cap
  // Headers and body of one request, from its request line; the line itself must arrive within
  // this of the connection's opening or the previous answer.
  std::chrono::milliseconds request_deadline{15000};
  int idle_timeout_seconds = 10;       // a connection that sends nothing for this long is closed
  int handler_threads = 64;            // route handlers running at once
  int io_threads = 2;                  // threads reading and writing sockets (epoll)
};

/// What the server serves: routes first, then static files, then 404. `finish` sees every answer
/// (the routes', the static files' and the server's own errors) before it is sent.
struct Site {
  const Router& router;
  const StaticFiles& files;
  std::function<void(const Request&, Response&)> finish;
};

/// The collector's HTTP/1.1 server, on libmicrohttpd: sockets are read and written by a few epoll
/// threads, so a slow or idle client holds a small buffer and no thread; a request reaches a route
/// handler only once it is read completely, and handlers run on their own pool. Every request has
/// a deadline for its headers and body together; memory is bounded per connection and in total.
class HttpServer {
 public:
  HttpServer(Site site, HttpLimits limits);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Serves on an already bound and listening socket (the server owns it from here).
  std::optional<Error> Start(int listen_socket);

  /// Stops accepting, lets requests in progress finish (up to `drain`), then closes every
  /// connection. Safe to call once, from any thread.
  void Stop(std::chrono::milliseconds drain);

  struct Exchange;
  struct Connection;

 private:
  using Clock = std::chrono::steady_clock;

  friend struct MhdCallbacks;

  void Handle(Exchange& exchange);
  void Resumed(Exchange& exchange);
  void RunHandlers();
  void EnforceDeadlines();

  Site site_;
  HttpLimits limits_;
  MHD_Daemon* daemon_ = nullptr;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> body_bytes_{0};

  std::mutex connections_mutex_;
  std::set<Connection*> connections_;

  std::mutex jobs_mutex_;
  std::condition_variable jobs_wake_;
  std::deque<Exchange*> jobs_;
  bool jobs_closed_ = false;
  std::vector<std::thread> handlers_;

  std::mutex exchanges_mutex_;
  std::condition_variable exchanges_done_;
  size_t exchanges_ = 0;  // requests read completely and not yet answered
  size_t suspended_ = 0;  // of those, waiting for their handler

  std::thread deadline_thread_;
  std::mutex deadline_mutex_;
  std::condition_variable deadline_wake_;
  bool deadline_done_ = false;
};

}  // namespace leadscore::server

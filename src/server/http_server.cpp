#include "http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "access_log.h"
#include "route_context.h"
#include "wall_clock.h"

namespace leadscore::server {

/// One TCP connection: its socket, and since when its current request has been arriving (its
/// request line; before that, the connection's opening or the previous answer).
struct HttpServer::Connection {
  int fd = -1;
  HttpServer::Clock::time_point reading_since;
  bool reading = true;  // false while a handler runs or the answer is sent
};

/// One request on its way through the server.
struct HttpServer::Exchange {
  MHD_Connection* mhd = nullptr;
  Connection* connection = nullptr;
  HttpServer::Clock::time_point started;
  Request request;
  Response response;
  size_t counted_body = 0;  // bytes of body_bytes_ this request holds
  bool dispatched = false;
  bool suspended = false;  // guarded by exchanges_mutex_
  std::atomic<bool> ready{false};
};

namespace {

using Clock = std::chrono::steady_clock;

std::string ClientAddress(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return "";
  char text[INET6_ADDRSTRLEN] = "";
  const sockaddr* address = info->client_addr;
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
  }
  return text;
}

MHD_Result CollectHeader(void* out, MHD_ValueKind, const char* key, const char* value) {
  static_cast<Headers*>(out)->emplace(key, value ? value : "");
  return MHD_YES;
}

MHD_Result CollectParam(void* out, MHD_ValueKind, const char* key, const char* value) {
  static_cast<Params*>(out)->emplace(key, value ? value : "");
  return MHD_YES;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %HH in the path and the query, except %00: a NUL would cut the path short, so that
// `/leadscore.json%00.html` would be looked up as one file and typed as another.
size_t Unescape(void*, MHD_Connection*, char* text) {
  char* out = text;
  for (const char* in = text; *in; ++in) {
    int high = in[0] == '%' ? HexValue(in[1]) : -1;
    int low = high >= 0 ? HexValue(in[2]) : -1;
    if (low >= 0 && (high | low) != 0) {
      *out++ = static_cast<char>(high * 16 + low);
      in += 2;
    } else {
      *out++ = *in;
    }
  }
  *out = '\0';
  return static_cast<size_t>(out - text);
}

}  // namespace

struct MhdCallbacks {
  static MHD_Result Access(void* self, MHD_Connection* connection, const char* url, const char* method,
                           const char*, const char* upload_data, size_t* upload_data_size, void** state) {
    HttpServer& server = *static_cast<HttpServer*>(self);
    if (!*state) return Begin(server, connection, url, method, state);
    auto& exchange = *static_cast<HttpServer::Exchange*>(*state);
    if (*upload_data_size > 0) {
      size_t size = *upload_data_size;
      *upload_data_size = 0;
      size_t held = server.body_bytes_.fetch_add(size) + size;
      exchange.counted_body += size;
      bool too_large = exchange.request.body.size() + size > server.limits_.max_body_bytes;
      if (too_large || held > server.limits_.body_budget_bytes) {
        // A chunked body outgrew the limit, or every connection together holds too much.
        exchange.response.status = too_large ? 413 : 503;
        if (!too_large) exchange.response.set_header("Retry-After", "1");
        RefuseMidBody(server, connection, exchange);
        return MHD_NO;
      }
      exchange.request.body.append(upload_data, size);
      return MHD_YES;
    }
    if (!exchange.dispatched) {
      std::unique_lock<std::mutex> jobs_lock(server.jobs_mutex_);
      if (server.jobs_closed_) {
        // Shutting down and the handlers are gone: this request came too late.
        jobs_lock.unlock();
        exchange.response.status = 503;
        exchange.response.set_header("Retry-After", "1");
        return Queue(server, connection, exchange, exchange.response);
      }
      exchange.dispatched = true;
      {
        std::lock_guard<std::mutex> lock(server.exchanges_mutex_);
        ++server.exchanges_;
        ++server.suspended_;
        exchange.suspended = true;
      }
      {
        std::lock_guard<std::mutex> lock(server.connections_mutex_);
        if (exchange.connection) exchange.connection->reading = false;
      }
      // Suspended before the job is queued, so the handler cannot resume it first.
      MHD_suspend_connection(connection);
      server.jobs_.push_back(&exchange);
      jobs_lock.unlock();
      server.jobs_wake_.notify_one();
      return MHD_YES;
    }
    if (!exchange.ready) return MHD_YES;
    server.Resumed(exchange);
    return Queue(server, connection, exchange, exchange.response);
  }

  static MHD_Result Begin(HttpServer& server, MHD_Connection* connection, const char* url, const char* method,
                          void** state) {
    auto* exchange = new HttpServer::Exchange();
    *state = exchange;
    exchange->mhd = connection;
    exchange->started = Clock::now();
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (info) exchange->connection = static_cast<HttpServer::Connection*>(info->socket_context);
    Request& request = exchange->request;
    request.method = std::strcmp(method, "HEAD") == 0 ? "GET" : method;
    request.path = url;
    request.remote_addr = ClientAddress(connection);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, CollectHeader, &request.headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, CollectParam, &request.params);

    size_t open = 0;
    {
      std::lock_guard<std::mutex> lock(server.connections_mutex_);
      open = server.connections_.size();
    }
    Response& response = exchange->response;
    if (open > static_cast<size_t>(server.limits_.max_connections)) {
      response.status = 503;
      response.set_header("Retry-After", "1");
      response.set_content(R"({"error":"overloaded","message":"too many open connections; retry shortly"})",
                           "application/json");
      response.set_header("Connection", "close");
      return Queue(server, connection, *exchange, response);
    }
    const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
    if (length && std::strtoull(length, nullptr, 10) > server.limits_.max_body_bytes) {
      response.status = 413;
      response.set_header("Connection", "close");
      return Queue(server, connection, *exchange, response);
    }
    return MHD_YES;
  }

  // Answers the request: the site's finishing touches, the access log line, then the bytes.
  static MHD_Result Queue(HttpServer& server, MHD_Connection* connection, HttpServer::Exchange& exchange,
                          Response& response) {
    Finish(server, exchange, response);

    MHD_Response* answer = nullptr;
    if (!response.file_path.empty()) {
      int fd = open(response.file_path.c_str(), O_RDONLY | O_CLOEXEC);
      struct stat info {};
      if (fd >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
        answer = MHD_create_response_from_fd64(static_cast<uint64_t>(info.st_size), fd);
      } else {
        if (fd >= 0) close(fd);
        response.status = 404;
        response.file_path.clear();
      }
    }
    if (!answer) {
      answer = MHD_create_response_from_buffer(response.body.size(), response.body.data(), MHD_RESPMEM_MUST_COPY);
    }
    if (!answer) return MHD_NO;
    for (const auto& [name, value] : response.headers) MHD_add_response_header(answer, name.c_str(), value.c_str());
    MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(response.status), answer);
    MHD_destroy_response(answer);
    WriteLogLine(exchange, response.status);
    return queued;
  }

  // libmicrohttpd queues an answer only before it reads a body or once the whole body arrived, so
  // a chunked body that outgrows its limit would end in a bare close. The refusal is written to
  // the socket directly instead: nothing else is being written on it while a body is read (an
  // earlier answer on the connection was sent before this request was read), and the connection
  // closes right after, as it does after libmicrohttpd's own early answers. A client that reads
  // nothing may leave it unsent; the connection closes all the same.
  static void RefuseMidBody(HttpServer& server, MHD_Connection* connection, HttpServer::Exchange& exchange) {
    Response& response = exchange.response;
    Finish(server, exchange, response);
    response.set_header("Connection", "close");
    const char* reason = MHD_get_reason_phrase_for(static_cast<unsigned>(response.status));
    std::string bytes = "HTTP/1.1 " + std::to_string(response.status) + " " + (reason ? reason : "") + "\r\n";
    for (const auto& [name, value] : response.headers) bytes += name + ": " + value + "\r\n";
    bytes += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n" + response.body;
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (info) {
      for (size_t sent = 0; sent < bytes.size();) {
        ssize_t n = send(info->connect_fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
    }
    WriteLogLine(exchange, response.status);
  }

  // The site's finishing touches to an answer about to be sent.
  static void Finish(HttpServer& server, HttpServer::Exchange& exchange, Response& response) {
    if (server.site_.finish) server.site_.finish(exchange.request, response);
    if (server.stopping_) response.set_header("Connection", "close");
  }

  static void WriteLogLine(const HttpServer::Exchange& exchange, int status) {
    AccessLogEntry entry;
    entry.time_ms = NowMs();
    entry.method = exchange.request.method;
    entry.path = exchange.request.path;
    entry.status = status;
    entry.ms = std::chrono::duration<double, std::milli>(Clock::now() - exchange.started).count();
    entry.remote = exchange.request.remote_addr;
    WriteAccessLog(entry);
  }

  static void Completed(void* self, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    HttpServer& server = *static_cast<HttpServer*>(self);
    auto* exchange = static_cast<HttpServer::Exchange*>(*state);
    if (!exchange) return;
    *state = nullptr;
    server.body_bytes_ -= exchange->counted_body;
    {
      std::lock_guard<std::mutex> lock(server.connections_mutex_);
      if (exchange->connection && server.connections_.count(exchange->connection)) {
        exchange->connection->reading = true;
        exchange->connection->reading_since = Clock::now();
      }
    }
    server.Resumed(*exchange);
    bool dispatched = exchange->dispatched;
    delete exchange;
    if (!dispatched) return;
    {
      std::lock_guard<std::mutex> lock(server.exchanges_mutex_);
      --server.exchanges_;
    }
    server.exchanges_done_.notify_all();
  }

  // A request line is in. Its headers and body get the whole deadline from here; the line itself
  // had to arrive within the deadline counted from the connection's opening or the previous answer.
  // libmicrohttpd shows no earlier moment of a request (not its first byte).
  static void* RequestLine(void* self, const char*, MHD_Connection* connection) {
    HttpServer& server = *static_cast<HttpServer*>(self);
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (info && info->socket_context) {
      std::lock_guard<std::mutex> lock(server.connections_mutex_);
      static_cast<HttpServer::Connection*>(info->socket_context)->reading_since = Clock::now();
    }
    return nullptr;  // the access handler's first call still finds no exchange
  }

  static void Notify(void* self, MHD_Connection* connection, void** socket_state,
                     MHD_ConnectionNotificationCode code) {
    HttpServer& server = *static_cast<HttpServer*>(self);
    std::lock_guard<std::mutex> lock(server.connections_mutex_);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* state = new HttpServer::Connection();
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      state->fd = info ? info->connect_fd : -1;
      state->reading_since = Clock::now();
      server.connections_.insert(state);
      *socket_state = state;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
      auto* state = static_cast<HttpServer::Connection*>(*socket_state);
      server.connections_.erase(state);
      delete state;
      *socket_state = nullptr;
    }
  }
};

HttpServer::HttpServer(Site site, HttpLimits limits) : site_(std::move(site)), limits_(limits) {}

HttpServer::~HttpServer() { Stop(std::chrono::milliseconds(0)); }

std::optional<Error> HttpServer::Start(int listen_socket) {
  for (int n = 0; n < limits_.handler_threads; ++n) handlers_.emplace_back([this] { RunHandlers(); });
  deadline_thread_ = std::thread([this] { EnforceDeadlines(); });
  // A few connections beyond the cap are still read far enough to answer them 503; past those,
  // libmicrohttpd closes new connections at once.
  unsigned connection_limit = static_cast<unsigned>(limits_.max_connections) + 64;
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
  daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, reinterpret_cast<MHD_AccessHandlerCallback>(&MhdCallbacks::Access), this,
      MHD_OPTION_LISTEN_SOCKET, listen_socket,
      MHD_OPTION_THREAD_POOL_SIZE, static_cast<unsigned>(limits_.io_threads),
      MHD_OPTION_CONNECTION_LIMIT, connection_limit,
      // Counted by the peer's address, IPv6 in full, across the I/O threads.
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<unsigned>(limits_.max_connections_per_client),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, limits_.header_bytes,
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(limits_.idle_timeout_seconds),
      MHD_OPTION_NOTIFY_COMPLETED, &MhdCallbacks::Completed, this,
      MHD_OPTION_NOTIFY_CONNECTION, &MhdCallbacks::Notify, this,
      MHD_OPTION_URI_LOG_CALLBACK, &MhdCallbacks::RequestLine, this,
      MHD_OPTION_UNESCAPE_CALLBACK, &Unescape, nullptr,
      MHD_OPTION_END);
  if (!daemon_) {
    close(listen_socket);
    return Error{"--port", "the HTTP server could not start"};
  }
  return std::nullopt;
}

void HttpServer::Stop(std::chrono::milliseconds drain) {
  if (stopping_.exchange(true)) return;
  if (daemon_) {
    MHD_socket listening = MHD_quiesce_daemon(daemon_);
    if (listening != MHD_INVALID_SOCKET) close(listening);
    std::unique_lock<std::mutex> lock(exchanges_mutex_);
    exchanges_done_.wait_for(lock, drain, [this] { return exchanges_ == 0; });
  }
  {
    std::lock_guard<std::mutex> lock(jobs_mutex_);
    jobs_closed_ = true;
  }
  jobs_wake_.notify_all();
  for (std::thread& thread : handlers_) thread.join();
  handlers_.clear();
  if (daemon_) {
    // Every handler has resumed its connection; libmicrohttpd must have taken them back before
    // it stops, which its threads do within a poll round.
    std::unique_lock<std::mutex> lock(exchanges_mutex_);
    exchanges_done_.wait(lock, [this] { return suspended_ == 0; });
  }
  if (daemon_) MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
  {
    std::lock_guard<std::mutex> lock(deadline_mutex_);
    deadline_done_ = true;
  }
  deadline_wake_.notify_all();
  if (deadline_thread_.joinable()) deadline_thread_.join();
}

void HttpServer::Handle(Exchange& exchange) {
  Request& request = exchange.request;
  Response& response = exchange.response;
  try {
    bool routed = site_.router.Dispatch(request, response);
    if (!routed && request.method == "GET") routed = site_.files.Serve(request, response);
    if (!routed) response.status = 404;
  } catch (const std::exception& error) {
    WriteEventLog("error", std::string("request failed: ") + error.what());
    response = Response{};
    response.status = 500;
  }
}

void HttpServer::Resumed(Exchange& exchange) {
  {
    std::lock_guard<std::mutex> lock(exchanges_mutex_);
    if (!exchange.suspended) return;
    exchange.suspended = false;
    --suspended_;
  }
  exchanges_done_.notify_all();
}

void HttpServer::RunHandlers() {
  for (;;) {
    Exchange* exchange = nullptr;
    {
      std::unique_lock<std::mutex> lock(jobs_mutex_);
      jobs_wake_.wait(lock, [this] { return !jobs_.empty() || jobs_closed_; });
      if (jobs_.empty()) return;
      exchange = jobs_.front();
      jobs_.pop_front();
    }
    Handle(*exchange);
    // Once resumed, the connection may be answered and the exchange freed on an I/O thread.
    MHD_Connection* connection = exchange->mhd;
    exchange->ready = true;
    MHD_resume_connection(connection);
  }
}

// Ends connections whose request has not fully arrived within the deadline: a client that
// trickles its headers or body a byte at a time gets nothing for it but a closed socket.
void HttpServer::EnforceDeadlines() {
  std::unique_lock<std::mutex> wait_lock(deadline_mutex_);
  while (!deadline_wake_.wait_for(wait_lock, std::chrono::milliseconds(250), [this] { return deadline_done_; })) {
    Clock::time_point now = Clock::now();
    std::lock_guard<std::mutex> lock(connections_mutex_);
    for (Connection* connection : connections_) {
      if (connection->reading && connection->fd >= 0 && now - connection->reading_since > limits_.request_deadline) {
        shutdown(connection->fd, SHUT_RDWR);
        connection->reading = false;
      }
    }
  }
}

}  // namespace leadscore::server

#include "http_server.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "access_log.h"
#include "admin_routes.h"
#include "cors.h"
#include "health_route.h"
#include "lead_routes.h"
#include "static_files.h"

namespace leadscore::server {
namespace {

using Clock = std::chrono::steady_clock;

// The worker thread's current request began here; httplib calls the pre-routing hook and the
// logger on the same thread for a request.
thread_local Clock::time_point request_started;
thread_local bool request_timed = false;

std::string ErrorName(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    default: return status >= 500 ? "server_error" : "error";
  }
}

bool IsLeadEndpoint(const RouteContext& context, const std::string& path) {
  return path == "/leads" || path == context.config.submit.endpoint;
}

}  // namespace

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<Error> ConfigureServer(httplib::Server& server, const RouteContext& context) {
  const ServeOptions& options = context.options;
  int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_payload_max_length(static_cast<size_t>(options.max_body_bytes));
  // httplib's default closes a keep-alive connection after 5 requests; a load balancer or a busy
  // page would reconnect constantly.
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  server.set_read_timeout(10);
  server.set_write_timeout(10);
  server.set_tcp_nodelay(true);

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    request_started = Clock::now();
    request_timed = true;
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Errors httplib raises itself (413 before the body is read, 404, 400 on a bad request line)
  // get the same JSON shape as the collector's own, and CORS so a browser can read them.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [&context](const httplib::Request& request, httplib::Response& response) {
    if (IsLeadEndpoint(context, request.path)) {
      ApplyCors(context.config.submit.allowed_origins, request, response);
    }
    if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    nlohmann::json body = {{"error", ErrorName(response.status)}};
    if (response.status == 413) {
      body["message"] = "the payload is larger than " + std::to_string(context.options.max_body_bytes) + " bytes";
    }
    response.set_content(body.dump(), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  }));

  server.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
    std::string what = "unknown exception";
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    WriteEventLog("error", "request failed: " + what);
    response.status = 500;
    response.set_content(R"({"error":"server_error"})", "application/json");
  });

  server.set_logger([](const httplib::Request& request, const httplib::Response& response) {
    AccessLogEntry entry;
    entry.time_ms = NowMs();
    entry.method = request.method;
    entry.path = request.path;
    entry.status = response.status;
    entry.ms = request_timed
                   ? std::chrono::duration<double, std::milli>(Clock::now() - request_started).count()
                   : 0;
    request_timed = false;
    entry.remote = request.remote_addr;
    WriteAccessLog(entry);
  });

  AddLeadRoutes(server, context);
  AddAdminRoutes(server, context);
  AddHealthRoute(server, context);
  return MountStaticDirs(server, options.static_mounts);
}

}  // namespace leadscore::server

#include "lead_routes.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "client_address.h"
#include "cors.h"
#include "json_answer.h"
#include "lead_intake.h"
#include "wall_clock.h"

namespace leadscore::server {
namespace {

constexpr const char* kJson = "application/json";
constexpr int kStoreRetrySeconds = 5;

// The media type without parameters, lower-cased: `Text/Plain; charset=UTF-8` → `text/plain`.
std::string MediaType(const Request& request) {
  std::string type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
             type.end());
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

// Routes match by regular expression; a configured endpoint is a literal path.
std::string LiteralPattern(const std::string& path) {
  std::string pattern;
  for (char c : path) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) pattern += '\\';
    pattern += c;
  }
  return pattern;
}

}  // namespace

void AddLeadRoutes(Router& server, const RouteContext& context) {
  auto preflight = [&context](const Request& request, Response& response) {
    response.set_header("Allow", "POST, OPTIONS");
    if (!request.has_header("Origin")) {
      response.status = 204;  // not a CORS preflight: just what the endpoint accepts
      return;
    }
    if (!ApplyCors(context.config.submit.allowed_origins, request, response)) {
      SendError(response, 403, "origin_not_allowed",
                "this origin is not in the config's submit.allowedOrigins");
      return;
    }
    ApplyPreflight(response);
    response.status = 204;
  };

  // The HTTP server has read the body within --max-body on every route (413 beyond it).
  auto post = [&context](const Request& request, Response& response) {
    ApplyCors(context.config.submit.allowed_origins, request, response);
    if (auto wait = context.limiter.Admit(ClientAddress(context.options.trusted_proxies, request), NowMs())) {
      response.set_header("Retry-After", std::to_string(*wait));
      return SendError(response, 429, "rate_limited", "too many leads from this address; retry later");
    }
    std::string type = MediaType(request);
    if (type != "application/json" && type != "text/plain") {
      return SendError(response, 415, "unsupported_media_type",
                       "send the payload as application/json or text/plain, not '" + type + "'");
    }
    IntakeResult result = AcceptLead(context.revisions, context.queue, request.body, NowMs());
    // The store did not answer: the page script's outbox retries after this long.
    if (result.status == 503) response.set_header("Retry-After", std::to_string(kStoreRetrySeconds));
    response.status = result.status;
    response.set_content(result.body, kJson);
  };

  std::vector<std::string> paths = {"/leads"};
  const std::string& endpoint = context.config.submit.endpoint;
  if (!endpoint.empty() && endpoint.front() == '/' && endpoint != "/leads") paths.push_back(endpoint);
  for (const std::string& path : paths) {
    server.Options(LiteralPattern(path), preflight);
    server.Post(LiteralPattern(path), post);
  }
}

}  // namespace leadscore::server

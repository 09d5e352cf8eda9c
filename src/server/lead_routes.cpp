#include "lead_routes.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cors.h"
#include "lead_intake.h"

namespace leadscore::server {
namespace {

constexpr const char* kJson = "application/json";

void SendError(httplib::Response& response, int status, const std::string& error, const std::string& message) {
  response.status = status;
  nlohmann::json body = {{"error", error}, {"message", message}};
  response.set_content(body.dump(), kJson);
}

// The media type without parameters, lower-cased: `Text/Plain; charset=UTF-8` → `text/plain`.
std::string MediaType(const httplib::Request& request) {
  std::string type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }),
             type.end());
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

// httplib routes by regular expression; a configured endpoint is a literal path.
std::string LiteralPattern(const std::string& path) {
  std::string pattern;
  for (char c : path) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) pattern += '\\';
    pattern += c;
  }
  return pattern;
}

}  // namespace

void AddLeadRoutes(httplib::Server& server, const RouteContext& context) {
  auto preflight = [&context](const httplib::Request& request, httplib::Response& response) {
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

  // The body is read here rather than by httplib, so that every content type gets the same
  // treatment (httplib would parse and cap form bodies itself) and nothing is left unread on a
  // keep-alive connection when the answer is an error.
  auto post = [&context](const httplib::Request& request, httplib::Response& response,
                         const httplib::ContentReader& read_content) {
    ApplyCors(context.config.submit.allowed_origins, request, response);
    const size_t limit = static_cast<size_t>(context.options.max_body_bytes);
    std::string body;
    // Sized once from Content-Length (within the limit) rather than grown chunk by chunk.
    body.reserve(std::min<size_t>(limit, request.get_header_value<uint64_t>("Content-Length")));
    bool too_large = false;
    auto receive = [&](const char* data, size_t length) {
      if (body.size() + length > limit) too_large = true;
      if (!too_large) body.append(data, length);
      return !too_large;
    };
    bool read = request.is_multipart_form_data()
                    ? read_content([](const httplib::MultipartFormData&) { return true; },
                                   [](const char*, size_t) { return true; })
                    : read_content(receive);
    if (too_large || response.status == 413) {
      response.status = -1;
      return SendError(response, 413, "payload_too_large",
                       "the payload is larger than " + std::to_string(limit) + " bytes");
    }
    if (auto wait = context.limiter.Admit(request.remote_addr, NowMs())) {
      response.set_header("Retry-After", std::to_string(*wait));
      return SendError(response, 429, "rate_limited", "too many leads from this address; retry later");
    }
    std::string type = MediaType(request);
    if (type != "application/json" && type != "text/plain") {
      return SendError(response, 415, "unsupported_media_type",
                       "send the payload as application/json or text/plain, not '" + type + "'");
    }
    if (!read) return SendError(response, 400, "bad_request", "the request body could not be read");
    IntakeResult result = AcceptLead(context.config, context.queue, std::move(body), NowMs());
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

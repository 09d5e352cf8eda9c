#include "collector_routes.h"

#include <nlohmann/json.hpp>
#include <string>

#include "admin_routes.h"
#include "cors.h"
#include "health_route.h"
#include "lead_routes.h"

namespace leadscore::server {
namespace {

std::string ErrorName(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 503: return "unavailable";
    default: return status >= 500 ? "server_error" : "error";
  }
}

bool IsLeadEndpoint(const RouteContext& context, const std::string& path) {
  return path == "/leads" || path == context.config.submit.endpoint;
}

}  // namespace

void AddCollectorRoutes(Router& router, const RouteContext& context) {
  AddLeadRoutes(router, context);
  AddAdminRoutes(router, context);
  AddHealthRoute(router, context);
}

void FinishAnswer(const RouteContext& context, const Request& request, Response& response) {
  if (response.status < 400) return;
  if (IsLeadEndpoint(context, request.path) && !response.headers.count("Vary")) {
    ApplyCors(context.config.submit.allowed_origins, request, response);
  }
  if (!response.body.empty()) return;
  nlohmann::json body = {{"error", ErrorName(response.status)}};
  if (response.status == 413) {
    body["message"] = "the payload is larger than " + std::to_string(context.options.max_body_bytes) + " bytes";
  }
  response.set_content(body.dump(), "application/json");
}

}  // namespace leadscore::server

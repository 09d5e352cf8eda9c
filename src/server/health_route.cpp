#include "health_route.h"

#include <nlohmann/json.hpp>

namespace leadscore::server {

void AddHealthRoute(Router& server, const RouteContext& context) {
  server.Get("/healthz", [&context](const Request&, Response& response) {
    bool up = context.store.Ping();
    nlohmann::json body = {{"status", up ? "ok" : "unavailable"}, {"store", context.store.Kind()}};
    response.status = up ? 200 : 503;
    response.set_header("Cache-Control", "no-store");
    response.set_content(body.dump(), "application/json");
  });
}

}  // namespace leadscore::server

#include "health_route.h"

#include <nlohmann/json.hpp>

namespace leadscore::server {
namespace {

const char* WritesName(CommitQueue::WriteState state) {
  switch (state) {
    case CommitQueue::WriteState::kOk: return "ok";
    case CommitQueue::WriteState::kFailed: return "failed";
    case CommitQueue::WriteState::kRefusing: return "refusing";
  }
  return "ok";
}

}  // namespace

// Unavailable while the store does not answer a ping, or while leads are refused after a failed
// write: a load balancer then sends posts elsewhere for that moment.
void AddHealthRoute(Router& server, const RouteContext& context) {
  server.Get("/healthz", [&context](const Request&, Response& response) {
    // Read before the ping, which may take its whole deadline while the store is paused.
    CommitQueue::WriteState writes = context.queue.State();
    bool up = context.store.Ping();
    bool ok = up && writes != CommitQueue::WriteState::kRefusing;
    nlohmann::json body = {{"status", ok ? "ok" : "unavailable"}, {"store", context.store.Kind()},
                           {"writes", WritesName(writes)}};
    response.status = ok ? 200 : 503;
    response.set_header("Cache-Control", "no-store");
    response.set_content(body.dump(), "application/json");
  });
}

}  // namespace leadscore::server

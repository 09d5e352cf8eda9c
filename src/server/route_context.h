#pragma once

#include "leadscore/config.h"
#include "commit_queue.h"
#include "config_revisions.h"
#include "lead_store.h"
#include "rate_limiter.h"
#include "serve_options.h"

namespace leadscore::server {

/// What the route handlers share; owned by the serve command and outliving the HTTP server.
struct RouteContext {
  const Config& config;
  const ServeOptions& options;
  LeadStore& store;
  CommitQueue& queue;
  RateLimiter& limiter;
  RateLimiter& admin_limiter;  // the admin API's own, tighter buckets against token guessing
  ConfigRevisions& revisions;  // the served config and every earlier revision, to verify leads with
};

}  // namespace leadscore::server

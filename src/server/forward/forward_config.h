#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/result.h"

namespace leadscore::server {

/// The kinds of place a stored lead can be forwarded to.
enum class DestinationType { kWebhook, kHubspot, kSalesforce, kSlack };

/// The wire name of a type (`webhook`).
std::string_view DestinationTypeName(DestinationType type);

/// One place leads are forwarded to, with its secrets already read from the environment.
struct Destination {
  std::string id;  // unique in the file; names the delivery in GET /leads and the admin API
  DestinationType type = DestinationType::kWebhook;
  std::string url;     // where to POST: given, read from `urlEnv`, or the vendor's endpoint
  std::string secret;  // webhook: the signing key, from `secretEnv`
  std::string portal_id;  // hubspot
  std::string form_guid;  // hubspot
  std::string consent_text;  // hubspot: what the visitor agreed to, shown in HubSpot's record
  std::string oid;           // salesforce: the organisation id
  std::string lead_source;   // salesforce
  // Lead field (or `$score`, `$stage`, `$grade`) -> the destination's field name, by lead field.
  std::vector<std::pair<std::string, std::string>> field_map;
};

/// When and how often a failed delivery is tried again.
struct RetrySettings {
  int64_t initial_ms = 1000;   // the first wait; each further wait doubles, with jitter
  int64_t max_ms = 3600000;    // the longest wait between two attempts
  int64_t max_attempts = 20;   // after this many failed attempts the delivery is failed
};

/// The server-side forwarding file given to `leadscore serve --forward`.
struct ForwardConfig {
  std::vector<Destination> destinations;
  RetrySettings retry;
};

/// Reads an environment variable: its value, or null when unset.
using EnvironmentLookup = std::function<const char*(const char*)>;

/// Parses and validates a forwarding file. Every problem is reported as `JSON-path: message`,
/// unknown keys included; secrets and secret URLs come from the environment variables it names.
Result<ForwardConfig> ParseForwardConfig(std::string_view json, const EnvironmentLookup& environment);

/// Reads and validates the forwarding file at `path`; every error is one line, `NAME: …`, as a
/// site config's are.
Result<ForwardConfig> LoadForwardConfig(const std::string& path, const EnvironmentLookup& environment);

}  // namespace leadscore::server

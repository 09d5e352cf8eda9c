#include "cors.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace leadscore::server {
namespace {

// Origins compare as browsers send them: scheme and host in lower case, no trailing slash; so a
// config's `https://Example.com/` still allows `https://example.com`.
std::string NormalizedOrigin(std::string origin) {
  std::transform(origin.begin(), origin.end(), origin.begin(), [](unsigned char c) { return std::tolower(c); });
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  return origin;
}

}  // namespace

bool ApplyCors(const std::vector<std::string>& allowed_origins, const Request& request,
               Response& response) {
  response.set_header("Vary", "Origin");
  if (!request.has_header("Origin")) return false;
  std::string origin = request.get_header_value("Origin");
  std::string normalized = NormalizedOrigin(origin);
  bool allowed = std::any_of(allowed_origins.begin(), allowed_origins.end(), [&](const std::string& entry) {
    return entry == "*" || NormalizedOrigin(entry) == normalized;
  });
  if (allowed) {
    response.set_header("Access-Control-Allow-Origin", origin);
    // The page script's outbox backs off by Retry-After on a 429; unexposed, it could not read it.
    response.set_header("Access-Control-Expose-Headers", "Retry-After");
  }
  return allowed;
}

void ApplyPreflight(Response& response) {
  response.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  // Idempotency-Key: the page script sends it on same-origin posts, and may on cross-origin ones.
  response.set_header("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key");
  response.set_header("Access-Control-Max-Age", "600");
}

}  // namespace leadscore::server

#pragma once

#include <string>
#include <vector>

#include "http_types.h"

namespace leadscore::server {

/// The address a request's rate-limit bucket is kept under: the peer's, unless the peer is one of
/// `trusted_proxies`; then the nearest address in X-Forwarded-For that is not a trusted proxy
/// (addresses further left were written by the client and prove nothing).
std::string ClientAddress(const std::vector<std::string>& trusted_proxies, const Request& request);

}  // namespace leadscore::server

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leadscore::server {

/// Hex HMAC-SHA256 of `message` keyed with `secret`.
std::string HmacSha256Hex(std::string_view secret, std::string_view message);

/// The `Leadscore-Signature` header value for a webhook body sent at `unix_seconds`:
/// `t=<seconds>,v1=<hex HMAC-SHA256 of "<seconds>.<body>">`. Signing the time with the body lets a
/// receiver refuse a replayed request whose time is too old.
std::string WebhookSignature(std::string_view secret, int64_t unix_seconds, std::string_view body);

}  // namespace leadscore::server

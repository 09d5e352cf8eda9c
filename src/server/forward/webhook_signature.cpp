#include "webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace leadscore::server {

std::string HmacSha256Hex(std::string_view secret, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  static const char* kDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int n = 0; n < length; ++n) {
    hex += kDigits[digest[n] >> 4];
    hex += kDigits[digest[n] & 15];
  }
  return hex;
}

std::string WebhookSignature(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  std::string timestamp = std::to_string(unix_seconds);
  std::string signed_text = timestamp + "." + std::string(body);
  return "t=" + timestamp + ",v1=" + HmacSha256Hex(secret, signed_text);
}

}  // namespace leadscore::server

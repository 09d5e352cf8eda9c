#include "client_address.h"

#include <algorithm>

namespace leadscore::server {
namespace {

bool Trusted(const std::vector<std::string>& trusted_proxies, const std::string& address) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) != trusted_proxies.end();
}

std::string Trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

}  // namespace

std::string ClientAddress(const std::vector<std::string>& trusted_proxies, const Request& request) {
  if (!Trusted(trusted_proxies, request.remote_addr)) return request.remote_addr;
  // Every X-Forwarded-For header in order, as one list; each proxy appends the address it saw.
  std::vector<std::string> hops;
  auto [begin, end] = request.headers.equal_range("X-Forwarded-For");
  for (auto it = begin; it != end; ++it) {
    size_t start = 0;
    while (start <= it->second.size()) {
      size_t comma = it->second.find(',', start);
      if (comma == std::string::npos) comma = it->second.size();
      std::string hop = Trimmed(it->second.substr(start, comma - start));
      if (!hop.empty()) hops.push_back(hop);
      start = comma + 1;
    }
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (!Trusted(trusted_proxies, *hop)) return *hop;
  }
  return request.remote_addr;
}

}  // namespace leadscore::server

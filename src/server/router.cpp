#include "router.h"

namespace leadscore::server {

bool Router::Dispatch(Request& request, Response& response) const {
  for (const Route& route : routes_) {
    if (route.method != request.method) continue;
    std::smatch found;
    if (!std::regex_match(request.path, found, route.pattern)) continue;
    request.matches.assign(found.begin(), found.end());
    route.handler(request, response);
    return true;
  }
  return false;
}

}  // namespace leadscore::server

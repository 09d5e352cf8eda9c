#pragma once

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "http_types.h"

namespace leadscore::server {

using Handler = std::function<void(const Request&, Response&)>;

/// The collector's routes: a method and a regular expression that must match the whole path.
class Router {
 public:
  void Get(const std::string& pattern, Handler handler) { Add("GET", pattern, std::move(handler)); }
  void Post(const std::string& pattern, Handler handler) { Add("POST", pattern, std::move(handler)); }
  void Options(const std::string& pattern, Handler handler) { Add("OPTIONS", pattern, std::move(handler)); }

  /// Runs the handler for the request's method and path and returns true, filling `request.matches`;
  /// false when no route matches (the caller tries static files, then answers 404).
  bool Dispatch(Request& request, Response& response) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
  };

  void Add(const std::string& method, const std::string& pattern, Handler handler) {
    routes_.push_back(Route{method, std::regex(pattern), std::move(handler)});
  }

  std::vector<Route> routes_;
};

}  // namespace leadscore::server

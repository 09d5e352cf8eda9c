#pragma once

#include <map>
#include <string>
#include <strings.h>
#include <vector>

namespace leadscore::server {

/// Header names compare without regard to case, as HTTP says.
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const { return strcasecmp(a.c_str(), b.c_str()) < 0; }
};

using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
/// Query parameters, percent-decoded; a name may repeat.
using Params = std::multimap<std::string, std::string>;

/// One request as a route handler sees it: read completely and within the collector's limits.
struct Request {
  std::string method;  // HEAD is routed as GET
  std::string path;    // percent-decoded, without the query
  std::string remote_addr;
  Headers headers;
  Params params;
  std::string body;
  std::vector<std::string> matches;  // the route pattern's whole match, then its groups

  bool has_header(const std::string& name) const { return headers.count(name) > 0; }
  std::string get_header_value(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  bool has_param(const std::string& name) const { return params.count(name) > 0; }
  std::string get_param_value(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
  }
};

/// A route handler's answer. A static file is sent from `file_path` rather than `body`.
struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::string file_path;

  void set_header(const std::string& name, const std::string& value) {
    headers.erase(name);
    headers.emplace(name, value);
  }
  void set_content(std::string content, const std::string& content_type) {
    body = std::move(content);
    set_header("Content-Type", content_type);
  }
};

}  // namespace leadscore::server

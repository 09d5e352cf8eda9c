#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leadscore::server {

/// A directory served as static files under a URL prefix.
struct StaticMount {
  std::string prefix = "/";  // `/` or `/name`, no trailing slash
  std::string dir;
};

/// Everything `leadscore serve` is told on its command line (and through the environment); the
/// defaults here are the ones its help shows.
struct ServeOptions {
  std::string config_path;
  std::string sqlite_path = "leads.db";
  std::string postgres_url;  // set: PostgreSQL instead of SQLite
  std::vector<StaticMount> static_mounts;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port; the startup line names it
  std::string admin_token;
  std::string admin_token_file;  // set: the token is this file's content (kept out of `ps`)
  std::string postgres_file;     // set: the PostgreSQL URL is this file's content
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For names the client
  std::string forward_path;  // set: forward every stored lead to the destinations in this file
  int64_t max_body_bytes = 256 * 1024;
  double rate_per_second = 10;  // per client address; 0 turns the limit off
  double rate_burst = 30;
  int threads = 64;  // route handlers running at once; an open connection holds none
  int max_connections = 1024;
  int max_connections_per_client = 0;  // open connections from one address; 0: no cap of its own
  int request_timeout_seconds = 15;  // headers and body of one request, from its request line
  int postgres_connections = 4;
};

}  // namespace leadscore::server

#include "serve_options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace leadscore::server {
namespace {

bool ParseInteger(const std::string& text, int64_t low, int64_t high, int64_t& out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno || *end || value < low || value > high) return false;
  out = value;
  return true;
}

bool ParseRate(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (*end || !std::isfinite(value) || value < 0) return false;
  out = value;
  return true;
}

// `DIR` mounts at `/`; `/prefix=DIR` mounts under `/prefix`.
StaticMount ParseMount(const std::string& text) {
  StaticMount mount;
  size_t equals = text.find('=');
  if (!text.empty() && text.front() == '/' && equals != std::string::npos) {
    mount.prefix = text.substr(0, equals);
    mount.dir = text.substr(equals + 1);
    while (mount.prefix.size() > 1 && mount.prefix.back() == '/') mount.prefix.pop_back();
  } else {
    mount.dir = text;
  }
  return mount;
}

}  // namespace

std::string ServeUsage() {
  return "usage: leadscore serve --config CONFIG [--db PATH | --postgres URL]\n"
         "                       [--static [/PREFIX=]DIR]... [--host 127.0.0.1] [--port 8080]\n"
         "                       [--admin-token TOKEN] [--max-body BYTES] [--rate-limit PER_SECOND]\n"
         "                       [--rate-burst N] [--threads N] [--pg-connections N] [--forward FILE]\n"
         "                       [--max-connections N] [--request-timeout SECONDS]\n"
         "  --db PATH            SQLite database (default leads.db), created if missing\n"
         "  --postgres URL       PostgreSQL connection URI instead of SQLite\n"
         "  --static DIR         serve DIR's files at /, or under /PREFIX with /PREFIX=DIR; repeatable\n"
         "  --port 0             any free port (the startup line names it)\n"
         "  --admin-token TOKEN  Bearer token for GET /leads and /leads.csv\n"
         "                       (default: the LEADSCORE_ADMIN_TOKEN environment variable)\n"
         "  --max-body BYTES     largest accepted lead payload (default 262144)\n"
         "  --rate-limit N       lead posts per second per client address (default 10, 0 = off)\n"
         "  --rate-burst N       posts a client may send at once (default 30)\n"
         "  --max-connections N  open connections served at once (default 1024); beyond them new\n"
         "                       connections get 503 with Retry-After\n"
         "  --request-timeout S  a request's headers and body must arrive within S seconds\n"
         "                       (default 15); a slower client's connection is closed\n"
         "  --forward FILE       forward stored leads to the webhooks, CRMs and chats in FILE\n"
         "                       (see docs/forwarding.md)\n";
}

Result<ServeOptions> ParseServeOptions(int argc, char** argv, const char* admin_token_env) {
  ServeOptions options;
  std::vector<Error> errors;
  bool have_db = false;
  if (admin_token_env) options.admin_token = admin_token_env;

  for (int n = 0; n < argc; ++n) {
    std::string flag = argv[n];
    std::string value;
    size_t equals = flag.find('=');
    bool inline_value = flag.rfind("--", 0) == 0 && equals != std::string::npos;
    if (inline_value) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    }
    auto take = [&]() -> bool {
      if (inline_value) return true;
      if (n + 1 >= argc) {
        errors.push_back(Error{flag, "expects a value"});
        return false;
      }
      value = argv[++n];
      return true;
    };
    int64_t number = 0;
    if (flag == "--config") {
      if (take()) options.config_path = value;
    } else if (flag == "--db") {
      if (take()) {
        options.sqlite_path = value;
        have_db = true;
      }
    } else if (flag == "--postgres") {
      if (take()) options.postgres_url = value;
    } else if (flag == "--static") {
      if (take()) options.static_mounts.push_back(ParseMount(value));
    } else if (flag == "--host") {
      if (take()) options.host = value;
    } else if (flag == "--port") {
      if (take()) {
        if (ParseInteger(value, 0, 65535, number)) options.port = static_cast<int>(number);
        else errors.push_back(Error{flag, "expected a port number 0-65535, got '" + value + "'"});
      }
    } else if (flag == "--admin-token") {
      if (take()) options.admin_token = value;
    } else if (flag == "--forward") {
      if (take()) options.forward_path = value;
    } else if (flag == "--max-body") {
      if (take()) {
        if (ParseInteger(value, 1024, int64_t{1} << 30, number)) options.max_body_bytes = number;
        else errors.push_back(Error{flag, "expected a byte count from 1024, got '" + value + "'"});
      }
    } else if (flag == "--rate-limit") {
      if (take() && !ParseRate(value, options.rate_per_second)) {
        errors.push_back(Error{flag, "expected a non-negative number, got '" + value + "'"});
      }
    } else if (flag == "--rate-burst") {
      if (take() && (!ParseRate(value, options.rate_burst) || options.rate_burst < 1)) {
        errors.push_back(Error{flag, "expected a number from 1, got '" + value + "'"});
      }
    } else if (flag == "--threads") {
      if (take()) {
        if (ParseInteger(value, 2, 1024, number)) options.threads = static_cast<int>(number);
        else errors.push_back(Error{flag, "expected 2-1024, got '" + value + "'"});
      }
    } else if (flag == "--max-connections") {
      if (take()) {
        if (ParseInteger(value, 1, 1000000, number)) options.max_connections = static_cast<int>(number);
        else errors.push_back(Error{flag, "expected 1-1000000, got '" + value + "'"});
      }
    } else if (flag == "--request-timeout") {
      if (take()) {
        if (ParseInteger(value, 1, 300, number)) options.request_timeout_seconds = static_cast<int>(number);
        else errors.push_back(Error{flag, "expected seconds 1-300, got '" + value + "'"});
      }
    } else if (flag == "--pg-connections") {
      if (take()) {
        if (ParseInteger(value, 1, 64, number)) options.postgres_connections = static_cast<int>(number);
        else errors.push_back(Error{flag, "expected 1-64, got '" + value + "'"});
      }
    } else {
      errors.push_back(Error{flag, "unknown option"});
    }
  }
  if (options.config_path.empty()) errors.push_back(Error{"--config", "is required"});
  if (have_db && !options.postgres_url.empty()) {
    errors.push_back(Error{"--db", "cannot be combined with --postgres"});
  }
  for (const StaticMount& mount : options.static_mounts) {
    if (mount.dir.empty()) errors.push_back(Error{"--static", "expects a directory"});
  }
  if (!errors.empty()) return errors;
  return options;
}

}  // namespace leadscore::server

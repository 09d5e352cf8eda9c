// Posts distinct, verifiable ~200-event leads to a running collector from N keep-alive
// connections for a fixed time, then prints one JSON object: requests by status, leads stored
// per second, and latency percentiles. With --slow-connections N it first opens N more
// connections that send half a request and then a header byte every 2 s, as slow or hostile
// clients do, and holds them open for the whole run. Usage:
//   leadscore_load_generator --port P --config CONFIG [--host 127.0.0.1] [--connections 8]
//                            [--seconds 10] [--events 200] [--run ID] [--slow-connections 0]
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lead_template.h"
#include "leadscore/config.h"
#include "leadscore/verify.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string config_path;
  int connections = 8;
  double seconds = 10;
  int events = 200;
  std::string run = "00000000";
  int slow_connections = 0;
};

// Connections that trickle a request that never ends, held open until the object goes.
class SlowClients {
 public:
  SlowClients(const std::string& host, int port, int count) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    const std::string start = "POST /leads HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 100000\r\nX-Slow: ";
    for (int n = 0; n < count; ++n) {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0) break;
      if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
          send(fd, start.data(), start.size(), MSG_NOSIGNAL) < 0) {
        close(fd);
        continue;
      }
      fds_.push_back(fd);
    }
    trickle_ = std::thread([this] {
      while (!done_) {
        for (int n = 0; n < 20 && !done_; ++n) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        for (int fd : fds_) send(fd, "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      }
    });
  }
  ~SlowClients() {
    done_ = true;
    trickle_.join();
    for (int fd : fds_) close(fd);
  }

  // How many the server has not closed.
  int StillOpen() const {
    int open = 0;
    for (int fd : fds_) {
      pollfd check{fd, POLLIN | POLLRDHUP, 0};
      char byte;
      bool closed = poll(&check, 1, 0) > 0 && recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
      open += closed ? 0 : 1;
    }
    return open;
  }

 private:
  std::vector<int> fds_;
  std::atomic<bool> done_{false};
  std::thread trickle_;
};

bool ParseArgs(int argc, char** argv, Options& options) {
  for (int n = 1; n + 1 < argc; n += 2) {
    std::string flag = argv[n], value = argv[n + 1];
    if (flag == "--host") options.host = value;
    else if (flag == "--port") options.port = std::atoi(value.c_str());
    else if (flag == "--config") options.config_path = value;
    else if (flag == "--connections") options.connections = std::atoi(value.c_str());
    else if (flag == "--seconds") options.seconds = std::atof(value.c_str());
    else if (flag == "--events") options.events = std::atoi(value.c_str());
    else if (flag == "--run") options.run = value;
    else if (flag == "--slow-connections") options.slow_connections = std::atoi(value.c_str());
    else return false;
  }
  return options.port > 0 && !options.config_path.empty() && options.connections > 0 && options.seconds > 0 &&
         options.run.size() == 8;
}

double Percentile(std::vector<double>& sorted, double share) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(share * (sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, options)) {
    std::cerr << "usage: leadscore_load_generator --port P --config CONFIG [--host H] [--connections N]"
                 " [--seconds S] [--events N] [--run 8-CHAR-ID] [--slow-connections N]\n";
    return 2;
  }
  std::ifstream file(options.config_path);
  std::stringstream config;
  config << file.rdbuf();
  std::string error;
  auto lead = leadscore::bench::LeadTemplate::Build(config.str(), options.events, error);
  if (!error.empty()) {
    std::cerr << "leadscore_load_generator: " << error << "\n";
    return 2;
  }

  // What verifying one of these leads costs the collector's core, in CPU time, measured here
  // where nothing else runs: the floor under the collector's CPU per lead.
  auto config_parsed = leadscore::ParseConfig(config.str());
  std::string sample = lead.Payload(options.run, -1);
  constexpr int kVerifySamples = 200;
  std::clock_t verify_start = std::clock();
  for (int n = 0; n < kVerifySamples; ++n) {
    if (leadscore::VerifyPayload(config_parsed.value(), sample).status != leadscore::VerifyStatus::kVerified) {
      std::cerr << "leadscore_load_generator: the generated lead does not verify\n";
      return 2;
    }
  }
  double verify_cpu_us = (std::clock() - verify_start) * 1e6 / CLOCKS_PER_SEC / kVerifySamples;

  SlowClients slow(options.host, options.port, options.slow_connections);
  std::atomic<int64_t> next{0};
  std::atomic<int> reported_errors{0};  // the first few client errors are described on stderr
  std::mutex mutex;
  std::map<std::string, int64_t> statuses;  // HTTP status, or the client error
  std::vector<double> latencies_ms;
  auto start = Clock::now();
  auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  std::vector<std::thread> connections;
  for (int c = 0; c < options.connections; ++c) {
    connections.emplace_back([&] {
      httplib::Client client(options.host, options.port);
      client.set_keep_alive(true);
      // httplib writes headers and body separately; with Nagle on, the body would wait for the
      // server's delayed ACK (~40 ms a request). Browsers disable Nagle too.
      client.set_tcp_nodelay(true);
      client.set_read_timeout(30);
      std::map<std::string, int64_t> mine;
      std::vector<double> latencies;
      latencies.reserve(100000);
      while (Clock::now() < end) {
        std::string body = lead.Payload(options.run, next++);
        auto sent = Clock::now();
        auto result = client.Post("/leads", body, "text/plain");
        latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
        if (result) {
          ++mine[std::to_string(result->status)];
        } else {
          ++mine["error: " + httplib::to_string(result.error())];
          if (++reported_errors <= 10) {
            std::fprintf(stderr, "leadscore_load_generator: %s after %.3f s (request took %.1f ms)\n",
                         httplib::to_string(result.error()).c_str(),
                         std::chrono::duration<double>(sent - start).count(),
                         std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
          }
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& [status, count] : mine) statuses[status] += count;
      latencies_ms.insert(latencies_ms.end(), latencies.begin(), latencies.end());
    });
  }
  for (std::thread& connection : connections) connection.join();
  int slow_open = slow.StillOpen();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  nlohmann::json by_status = nlohmann::json::object();
  for (const auto& [status, count] : statuses) by_status[status] = count;
  int64_t created = statuses.count("201") ? statuses["201"] : 0;
  nlohmann::json report = {
      {"requests", static_cast<int64_t>(latencies_ms.size())},
      {"statuses", by_status},
      {"created", created},
      {"seconds", elapsed},
      {"leads_per_second", created / elapsed},
      {"p50_ms", Percentile(latencies_ms, 0.50)},
      {"p99_ms", Percentile(latencies_ms, 0.99)},
      {"max_ms", latencies_ms.empty() ? 0 : latencies_ms.back()},
      {"payload_bytes", lead.size()},
      {"verify_cpu_us", verify_cpu_us},
      {"events_per_lead", lead.events()},
      {"connections", options.connections},
      {"run", options.run},
      {"slow_connections", options.slow_connections},
      {"slow_connections_open_at_end", slow_open},
  };
  std::cout << report.dump() << std::endl;
  return 0;
}

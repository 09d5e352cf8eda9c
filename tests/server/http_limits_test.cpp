// Attacks on the collector's HTTP layer, each against the real `leadscore serve` on loopback:
// while it runs, the process's memory stays bounded, a genuine lead still gets its 201 and
// /healthz answers. Raw sockets (polled, never select()) so the attacks can send what no client
// library would, and so the test's own descriptors may pass 1024.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "lead_fixtures.h"
#include "raw_http.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Resident memory of a process, in KiB.
int64_t ResidentKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

std::string LeadRequest(const std::string& email) {
  std::string payload = GenuinePayload(email);
  return "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(payload.size()) + "\r\nConnection: close\r\n\r\n" + payload;
}

const std::string kHealthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

// The server is still fine: a genuine lead is stored (201) and /healthz says ok, each answered
// within `patience`.
void ExpectStillServing(int port, const std::string& email,
                        std::chrono::milliseconds patience = std::chrono::milliseconds(5000), const char* from = nullptr) {
  std::string lead = RawExchange(port, LeadRequest(email), patience, from);
  EXPECT_EQ(201, StatusOf(lead)) << lead.substr(0, 300);
  std::string health = RawExchange(port, kHealthz, patience, from);
  EXPECT_EQ(200, StatusOf(health)) << health.substr(0, 300);
}

// Sends `bytes` one every 200 ms (never idle long enough for an idle timeout); true when the
// server cut the connection before they were all sent.
bool TrickledUntilCut(RawConnection& connection, const std::string& bytes) {
  for (char c : bytes) {
    if (connection.Send(std::string(1, c), std::chrono::milliseconds(200)) == 0) return true;
    connection.Receive(std::chrono::milliseconds(200), 1);
    if (connection.closed()) return true;
  }
  return false;
}

// Lets this test process hold more descriptors than the usual soft limit of 1024.
void RaiseOwnDescriptorLimit() {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

class HttpLimitsTest : public ::testing::Test {
 protected:
  void Start(const std::vector<std::string>& args = {}) {
    std::vector<std::string> all = {"--rate-limit", "0"};
    all.insert(all.end(), args.begin(), args.end());
    collector_ = TestCollector::Start(Backend::kSqlite, all);
    ASSERT_NE(nullptr, collector_);
    // Warm up, so the baseline includes what serving the first lead allocates.
    ExpectStillServing(port(), "warmup@example.com");
    baseline_kb_ = ResidentKb(collector_->process().pid());
  }
  int port() const { return collector_->port(); }
  int64_t GrowthKb() const { return ResidentKb(collector_->process().pid()) - baseline_kb_; }

  std::unique_ptr<TestCollector> collector_;
  int64_t baseline_kb_ = 0;
};

TEST_F(HttpLimitsTest, LeadsFlowWhile500SlowClientsHoldConnections) {
  ASSERT_NO_FATAL_FAILURE(Start());
  std::vector<RawConnection> slow;
  for (int n = 0; n < 500; ++n) {
    slow.emplace_back(port());
    ASSERT_TRUE(slow.back().ok());
    // Half a request: a line of headers, then nothing.
    slow.back().Send("POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ExpectStillServing(port(), "during-slow@example.com", std::chrono::milliseconds(3000));
  EXPECT_LT(GrowthKb(), 64 * 1024);
}

TEST_F(HttpLimitsTest, ConnectionsPastDescriptor1024StillGetTheirAnswer) {
  RaiseOwnDescriptorLimit();
  ASSERT_NO_FATAL_FAILURE(Start({"--max-connections", "1500"}));
  std::vector<RawConnection> idle;
  for (int n = 0; n < 1100; ++n) {
    idle.emplace_back(port());
    ASSERT_TRUE(idle.back().ok());
    idle.back().Send("GET /healthz HTTP/1.1\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The server's descriptors for these connections are all beyond 1024 now.
  ExpectStillServing(port(), "past-1024@example.com");
}

TEST_F(HttpLimitsTest, ConnectionsBeyondTheCapGet503WithRetryAfter) {
  ASSERT_NO_FATAL_FAILURE(Start({"--max-connections", "50"}));
  std::vector<RawConnection> idle;
  for (int n = 0; n < 60; ++n) {
    idle.emplace_back(port());
    idle.back().Send("GET /healthz HTTP/1.1\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string answer = RawExchange(port(), kHealthz, std::chrono::milliseconds(3000));
  EXPECT_EQ(503, StatusOf(answer)) << answer.substr(0, 300);
  EXPECT_NE(std::string::npos, answer.find("Retry-After: ")) << answer.substr(0, 300);
  idle.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ExpectStillServing(port(), "after-cap@example.com");
}

TEST_F(HttpLimitsTest, OneClientCannotTakeEveryConnectionPastItsOwnCap) {
  ASSERT_NO_FATAL_FAILURE(Start({"--max-connections", "50", "--max-connections-per-client", "10"}));
  // 60 connections from one address, each holding half a request: past the cap of 10, each is
  // closed as it is accepted, so the 50 slots stay free for everyone else. (An address of its
  // own: libmicrohttpd may count the warm-up's closed connections a while longer.)
  const char* hog = "127.0.0.3";
  std::vector<RawConnection> held;
  for (int n = 0; n < 60; ++n) {
    held.emplace_back(port(), hog);
    held.back().Send("POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int closed = 0;
  for (RawConnection& connection : held) {
    connection.Receive(std::chrono::milliseconds(20), 1);
    closed += connection.closed();
  }
  EXPECT_EQ(50, closed);
  // Another client is served at once; the first gets no more.
  ExpectStillServing(port(), "other-client@example.com", std::chrono::milliseconds(3000), "127.0.0.2");
  std::string refused = RawExchange(port(), kHealthz, std::chrono::milliseconds(1000), hog);
  EXPECT_EQ(0, StatusOf(refused)) << refused.substr(0, 300);
  // Once its connections close, the first client is served again.
  held.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ExpectStillServing(port(), "first-client-again@example.com", std::chrono::milliseconds(3000), hog);
}

TEST_F(HttpLimitsTest, ARequestTricklingInIsCutOffAtItsDeadline) {
  ASSERT_NO_FATAL_FAILURE(Start({"--request-timeout", "2"}));
  RawConnection trickle(port());
  Clock::time_point began = Clock::now();
  EXPECT_TRUE(TrickledUntilCut(trickle, "GET /healthz HTTP/1.1\r\nX-Slow: " + std::string(40, 'a')));
  EXPECT_LT(Clock::now() - began, std::chrono::milliseconds(4500));
  ExpectStillServing(port(), "after-trickle@example.com");
}

TEST_F(HttpLimitsTest, TheDeadlineCountsFromTheRequestLine) {
  ASSERT_NO_FATAL_FAILURE(Start({"--request-timeout", "2"}));
  // A keep-alive client idle for 1.5 s after an answer, then slow with its body for 1.5 s:
  // 3 s after the previous answer, but within 2 s of its request line.
  RawConnection client(port());
  client.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(200, StatusOf(client.Receive(std::chrono::milliseconds(3000))));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  std::string lead = LeadRequest("slow-body@example.com");
  size_t body_at = lead.find("\r\n\r\n") + 4;
  client.Send(lead.substr(0, body_at));
  constexpr size_t kPieces = 15;
  size_t piece = (lead.size() - body_at + kPieces - 1) / kPieces;
  for (size_t at = body_at; at < lead.size(); at += piece) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    client.Send(lead.substr(at, piece));
  }
  std::string answer = client.Receive(std::chrono::milliseconds(3000));
  EXPECT_EQ(201, StatusOf(answer)) << answer.substr(0, 300);

  // Headers trickled after a prompt request line are cut 2 s after the line.
  RawConnection trickle(port());
  trickle.Send("GET /healthz HTTP/1.1\r\n");
  Clock::time_point began = Clock::now();
  EXPECT_TRUE(TrickledUntilCut(trickle, "X-Slow: " + std::string(40, 'a')));
  EXPECT_LT(Clock::now() - began, std::chrono::milliseconds(3500));
}

TEST_F(HttpLimitsTest, ChunkedBodiesOnAnyRouteGet413AtTheBodyLimit) {
  ASSERT_NO_FATAL_FAILURE(Start());
  for (std::string route : {"GET /healthz", "POST /leads", "GET /nowhere"}) {
    RawConnection flood(port());
    flood.Send(route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n");
    std::string chunk = "100000\r\n" + std::string(0x100000, 'x') + "\r\n";
    size_t sent = 0;
    for (int n = 0; n < 64; ++n) {
      size_t now = flood.Send(chunk, std::chrono::milliseconds(1000));
      sent += now;
      if (now < chunk.size()) break;
    }
    // 64 MiB offered; the server stops reading long before (the body limit is 256 KiB), and
    // says why before it closes.
    EXPECT_LT(sent, size_t{16} << 20) << route;
    std::string answer = flood.Receive(std::chrono::milliseconds(3000));
    EXPECT_EQ(413, StatusOf(answer)) << route << ": " << answer.substr(0, 300);
    EXPECT_NE(std::string::npos, BodyOf(answer).find("payload_too_large")) << route << ": " << answer.substr(0, 300);
  }
  EXPECT_LT(GrowthKb(), 32 * 1024);
  ExpectStillServing(port(), "after-chunked@example.com");
}

TEST_F(HttpLimitsTest, BodiesHeldAtOnceBeyondTheBudgetGet503WithRetryAfter) {
  ASSERT_NO_FATAL_FAILURE(Start());
  // 260 posts announcing a body at the 256 KiB limit, each sending all of it but its last byte:
  // together past the 64 MiB all bodies may hold at once, so the last ones read are refused.
  constexpr size_t kBody = 256 * 1024;
  std::string head = "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(kBody) + "\r\n\r\n";
  std::vector<RawConnection> held;
  for (int n = 0; n < 260; ++n) {
    held.emplace_back(port());
    held.back().Send(head + std::string(kBody - 1, 'x'));
  }
  // The rest are held without an answer, waiting for their last byte.
  auto answered = [&held] {
    std::vector<RawConnection*> ready;
    for (RawConnection& connection : held) {
      pollfd wait{connection.fd(), POLLIN, 0};
      if (poll(&wait, 1, 0) > 0) ready.push_back(&connection);
    }
    return ready;
  };
  Clock::time_point end = Clock::now() + std::chrono::milliseconds(10000);
  while (answered().size() < 3 && Clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::vector<RawConnection*> refused = answered();
  EXPECT_GE(refused.size(), 3u);
  EXPECT_LT(refused.size(), 10u);
  for (RawConnection* connection : refused) {
    std::string answer = connection->Receive(std::chrono::milliseconds(1000));
    EXPECT_EQ(503, StatusOf(answer)) << answer.substr(0, 300);
    EXPECT_NE(std::string::npos, answer.find("Retry-After: 1")) << answer.substr(0, 300);
  }
  // 64 MiB of bodies, and what holding them costs beside. (Under AddressSanitizer freed memory
  // waits in its quarantine, so resident memory says nothing of what is held; the plain build
  // checks it.)
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(GrowthKb(), 160 * 1024);
#endif
  held.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ExpectStillServing(port(), "after-budget@example.com");
}

TEST_F(HttpLimitsTest, EndlessHeadersAndRequestLinesAreRefused) {
  ASSERT_NO_FATAL_FAILURE(Start());
  RawConnection line(port());
  size_t sent = line.Send("GET /" + std::string(8 << 20, 'a'), std::chrono::milliseconds(3000));
  EXPECT_LT(sent, size_t{4} << 20);
  RawConnection headers(port());
  std::string many = "GET /healthz HTTP/1.1\r\n";
  while (many.size() < (size_t{48} << 20)) many += "X-Header-" + std::to_string(many.size()) + ": value\r\n";
  // Loopback buffers take a few MiB whatever the server does; 48 MiB is far past them.
  sent = headers.Send(many, std::chrono::milliseconds(3000));
  EXPECT_LT(sent, many.size());
  EXPECT_LT(GrowthKb(), 32 * 1024);
  ExpectStillServing(port(), "after-headers@example.com");
}

TEST_F(HttpLimitsTest, ManyRangesGetTheWholeFileOnce) {
  std::string site = MakeTempDir("leadscore-ranges");
  WriteFile(site, "big.pdf", std::string(4 << 20, 'p'));
  ASSERT_NO_FATAL_FAILURE(Start({"--static", site}));
  std::string ranges = "bytes=0-";
  for (int n = 0; n < 2000; ++n) ranges += ",0-";
  RawConnection client(port());
  client.Send("GET /big.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: " + ranges + "\r\nConnection: close\r\n\r\n");
  std::string answer = client.Receive(std::chrono::milliseconds(10000), 16 << 20);
  EXPECT_EQ(200, StatusOf(answer));
  EXPECT_EQ(size_t{4} << 20, BodyOf(answer).size());
  EXPECT_LT(GrowthKb(), 32 * 1024);
  ExpectStillServing(port(), "after-ranges@example.com");
  RemoveTree(site);
}

TEST_F(HttpLimitsTest, SigtermFinishesPromptlyWithSlowClientsOpen) {
  ASSERT_NO_FATAL_FAILURE(Start());
  std::vector<RawConnection> slow;
  for (int n = 0; n < 200; ++n) {
    slow.emplace_back(port());
    slow.back().Send("POST /leads HTTP/1.1\r\nContent-Length: 100\r\n\r\n{");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Clock::time_point began = Clock::now();
  EXPECT_EQ(0, collector_->process().Stop(SIGTERM));
  EXPECT_LT(Clock::now() - began, std::chrono::milliseconds(3000));
}

}  // namespace
}  // namespace leadscore::server::testing

#include "lead_fixtures.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "example_config.h"
#include "leadscore/config.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"

namespace leadscore::server::testing {

std::string TestConfigJson(const std::string& revision) {
  nlohmann::json config = nlohmann::json::parse(leadscore::testing::ExampleConfigText());
  config["revision"] = revision;
  config["submit"]["allowedOrigins"] = {kAllowedOrigin};
  // The name is a declared lead field too (a CSV column), worth no points.
  config["fit"]["rules"].push_back({{"id", "named"}, {"field", "name"}, {"op", "exists"}, {"points", 0}});
  return config.dump(2);
}

std::string GenuinePayload(const std::string& email, int extra_page_views, const std::string& revision) {
  auto config = ParseConfig(TestConfigJson(revision));
  EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.errors().front().ToString());
  Session session(std::move(config).value());
  // A visit of a few minutes: pricing pages, a tour read slide by slide, consent, the form.
  // Yesterday 00:00 UTC: within the collector's submit.maxAgeMs of its clock, and the same for
  // every call of one test run, so that one e-mail's payload is the same submission each time.
  constexpr int64_t kDayMs = 86'400'000;
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  int64_t t = (now / kDayMs - 1) * kDayMs;
  std::vector<std::string> events = {
      R"({"type":"visit","t":)" + std::to_string(t) + "}",
      R"({"type":"page_view","t":)" + std::to_string(t + 1000) + R"(,"path":"/pricing"})",
      R"({"type":"page_view","t":)" + std::to_string(t + 5000) + R"(,"path":"/pricing/teams"})",
      R"({"type":"page_view","t":)" + std::to_string(t + 9000) + R"(,"path":"/pricing"})",
  };
  t += 10'000;
  for (int slide = 1; slide <= 6; ++slide) {
    t += 7000;
    events.push_back(R"({"type":"slide_view","t":)" + std::to_string(t) + R"(,"deck":"tour","slide":)" +
                     std::to_string(slide) + R"(,"of":14,"ms":6000})");
  }
  for (int n = 0; n < extra_page_views; ++n) {
    t += 500;
    events.push_back(R"({"type":"page_view","t":)" + std::to_string(t) + R"(,"path":"/docs/page-)" +
                     std::to_string(n % 40) + R"("})");
  }
  events.push_back(R"({"type":"consent","t":)" + std::to_string(t + 1000) + R"(,"granted":true})");
  events.push_back(R"({"type":"form_start","t":)" + std::to_string(t + 2000) + R"(,"form":"lead"})");
  events.push_back(R"({"type":"form_submit","t":)" + std::to_string(t + 10000) +
                   R"(,"form":"lead","fillMs":8000,"fields":{"email":")" + email +
                   R"json(","name":"=HYPERLINK(\"http://evil\")","job_title":"Head of Growth","company_size":"500"}})json");
  for (const std::string& event : events) {
    auto error = session.IngestJson(event);
    EXPECT_FALSE(error) << error->ToString() << " in " << event;
  }
  auto payload = BuildPayload(session);
  EXPECT_TRUE(payload.has_value()) << "the fixture lead does not qualify";
  return payload.value_or("");
}

// Splits RFC 4180 text into records of cells, honouring quotes.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t n = 0; n < text.size(); ++n) {
    char c = text[n];
    if (quoted) {
      if (c == '"' && n + 1 < text.size() && text[n + 1] == '"') rows.back().back() += '"', ++n;
      else if (c == '"') quoted = false;
      else rows.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && n + 1 < text.size() && text[n + 1] == '\n') {
      rows.emplace_back(1);
      ++n;
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

LeadRecord StoreRecord(const std::string& id, int64_t received_at) {
  LeadRecord record;
  record.id = id;
  record.received_at = received_at;
  record.email = id + "@acme.com";
  record.stage = "mql";
  record.grade = "B";
  record.total = 61.5;
  record.lead_fields = "{}";
  record.payload = "{\"id\":\"" + id + "\"}";
  return record;
}

DeliveryStatus DeliveredOnFirstTry(DeliveryStatus claimed, int64_t at) {
  claimed.state = "delivered";
  claimed.attempts = 1;
  claimed.last_status = 200;
  claimed.delivered_at = at;
  return claimed;
}

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text) {
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string MakeTempDir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(nullptr, made) << "cannot create a temp dir";
  return pattern;
}

void RemoveTree(const std::string& dir) {
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace leadscore::server::testing

#include "lead_template.h"

#include <chrono>
#include <cstdio>
#include <vector>

#include "leadscore/config.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"

namespace leadscore::bench {
namespace {

// Fixed width so every copy has the same length: "lead-<run:8>-<n:10>@acme-corp.com".
std::string Email(const std::string& run, int64_t n) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "lead-%8.8s-%010lld@acme-corp.com", run.c_str(), static_cast<long long>(n));
  return buffer;
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

LeadTemplate LeadTemplate::Build(const std::string& config_json, int events, std::string& error) {
  LeadTemplate lead;
  auto config = ParseConfig(config_json);
  if (!config.ok()) {
    error = "config: " + config.errors().front().ToString();
    return lead;
  }
  lead.site_ = config.value().site;
  Session session(std::move(config).value());
  // A long, genuine visit: two visits, pricing and docs pages, a 14-slide tour, content blocks,
  // downloads, consent and the lead form; timestamps leave room for every dwell claimed.
  // Ending a little before now: the collector takes a lead stamped within submit.maxAgeMs of its clock.
  int64_t t = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch()).count() -
              int64_t{events} * 7000 - 2 * 3'600'000;
  std::vector<std::string> log;
  auto add = [&](std::string event) { log.push_back(std::move(event)); };
  add(R"({"type":"visit","t":)" + std::to_string(t) + R"(,"utm":{"source":"newsletter","campaign":"q4"}})");
  const char* pages[] = {"/", "/pricing", "/product", "/docs/start", "/pricing/teams", "/customers", "/blog/roi"};
  int fixed = 8;  // consent, form_view, form_start, form_submit, a second visit, and slack
  int n = 0;
  while (static_cast<int>(log.size()) < events - fixed) {
    t += 7000;
    switch (n % 4) {
      case 0:
        add(R"({"type":"page_view","t":)" + std::to_string(t) + R"(,"path":")" + pages[(n / 4) % 7] +
            R"(","title":"Acme page"})");
        break;
      case 1:
        add(R"({"type":"slide_view","t":)" + std::to_string(t) + R"(,"deck":"tour","slide":)" +
            std::to_string((n / 4) % 14 + 1) + R"(,"of":14,"ms":6000})");
        break;
      case 2:
        add(R"({"type":"content_view","t":)" + std::to_string(t) + R"(,"id":"case-study-)" +
            std::to_string((n / 4) % 9) + R"(","tags":["case","enterprise"],"ms":2500})");
        break;
      default:
        add(R"({"type":"click","t":)" + std::to_string(t) + R"(,"id":"cta-)" + std::to_string((n / 4) % 5) +
            R"(","tags":["cta"]})");
        break;
    }
    if (n == events / 2) {
      t += 3'600'000;
      add(R"({"type":"visit","t":)" + std::to_string(t) + "}");
    }
    ++n;
  }
  lead.email_ = Email("template", 0);
  add(R"({"type":"consent","t":)" + std::to_string(t + 1000) + R"(,"granted":true})");
  add(R"({"type":"form_view","t":)" + std::to_string(t + 2000) + R"(,"form":"lead"})");
  add(R"({"type":"form_start","t":)" + std::to_string(t + 3000) + R"(,"form":"lead"})");
  add(R"({"type":"form_submit","t":)" + std::to_string(t + 12000) + R"(,"form":"lead","fillMs":9000,"fields":{"email":")" +
      lead.email_ + R"(","name":"Dana Smith","company":"Acme Corp","job_title":"VP Marketing","company_size":"800"}})");
  for (const std::string& event : log) {
    if (auto problem = session.IngestJson(event)) {
      error = "event " + event + ": " + problem->ToString();
      return lead;
    }
  }
  auto payload = BuildPayload(session);
  if (!payload) {
    error = "the template lead does not qualify under this config";
    return lead;
  }
  lead.payload_ = *payload;
  lead.submitted_form_at_ = t + 12000;
  lead.id_ = LeadId(lead.site_, lead.email_, lead.submitted_form_at_);
  lead.events_ = static_cast<int>(session.events().size());
  return lead;
}

std::string LeadTemplate::Payload(const std::string& run, int64_t n) const {
  std::string payload = payload_;
  std::string email = Email(run, n);
  ReplaceAll(payload, email_, email);
  ReplaceAll(payload, id_, LeadId(site_, email, submitted_form_at_));
  return payload;
}

}  // namespace leadscore::bench

// An event log as the CLI reads it (JSON Lines or an array) → ParseEvent → Session::Ingest →
// ComputeScore, at the latest event and earlier; a payload the core builds must never be
// malformed in its own verifier's eyes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "event_log.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"
#include "leadscore/verify.h"
#include "spec_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const leadscore::Config& config = leadscore::fuzz::SpecConfig();
  leadscore::Session session(config);
  leadscore::cli::SplitEventLog(
      std::string_view(reinterpret_cast<const char*>(data), size),
      [&](const leadscore::cli::EventText& text) {
        leadscore::Result<leadscore::Event> event = leadscore::ParseEvent(text.json);
        if (event.ok()) session.Ingest(std::move(event).value());
      });
  leadscore::ScoreToJson(session.ComputeScore());
  if (session.events().empty()) return 0;
  leadscore::ScoreToJson(session.ComputeScore(session.events().front().t));

  std::optional<std::string> payload = leadscore::BuildPayload(session);
  if (!payload) return 0;
  leadscore::VerifyResult verdict = leadscore::VerifyPayload(config, *payload);
  if (verdict.status == leadscore::VerifyStatus::kMalformed) {
    std::fprintf(stderr, "a built payload is malformed: %s\n%s\n", verdict.message.c_str(),
                 payload->c_str());
    std::abort();
  }
  return 0;
}

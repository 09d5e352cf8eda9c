// An event log as the CLI reads it (JSON Lines or an array) → ParseEvent → Session::Ingest →
// ComputeScore, at the latest event and earlier; a payload the core builds must never be
// malformed in its own verifier's eyes. Every event text is also given to each fast reader:
// whatever one accepts, the general path (the JSON tree) must read as the very same event.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "event_fast_parse.h"
#include "event_json.h"
#include "event_log.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"
#include "leadscore/verify.h"
#include "example_config.h"

namespace {

void CheckFastReader(const char* name, std::optional<leadscore::Event> (*read)(std::string_view),
                     std::string_view text, const leadscore::Result<leadscore::Event>& general) {
  std::optional<leadscore::Event> fast = read(text);
  if (!fast) return;
  std::string expected = general.ok() ? leadscore::EventToJson(general.value()) : "(refused: " + general.errors().front().ToString() + ")";
  std::string actual = leadscore::EventToJson(*fast);
  if (expected != actual) {
    std::fprintf(stderr, "%s read %s\nthe general path: %s\ninput: %.*s\n", name, actual.c_str(), expected.c_str(),
                 static_cast<int>(text.size()), text.data());
    std::abort();
  }
}

// The general path alone, as ParseEvent takes it when no fast reader is sure.
leadscore::Result<leadscore::Event> ParseGeneral(std::string_view text) {
  leadscore::Result<leadscore::detail::Json> tree = leadscore::detail::ParseJson(text);
  if (!tree.ok()) return std::vector<leadscore::Error>{{"$", tree.errors().front().message}};
  std::vector<leadscore::Error> errors;
  std::optional<leadscore::Event> event = leadscore::detail::EventFromJson(tree.value(), "$", errors);
  if (!event) return errors;
  return std::move(*event);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const leadscore::Config& config = leadscore::testing::ExampleConfig();
  leadscore::Session session(config);
  leadscore::cli::SplitEventLog(
      std::string_view(reinterpret_cast<const char*>(data), size),
      [&](const leadscore::cli::EventText& text) {
        leadscore::Result<leadscore::Event> general = ParseGeneral(text.json);
        CheckFastReader("ParseValidEventSax", leadscore::detail::ParseValidEventSax, text.json, general);
#ifdef LEADSCORE_HAVE_SIMDJSON
        CheckFastReader("ParseValidEventSimdjson", leadscore::detail::ParseValidEventSimdjson, text.json, general);
#endif
        leadscore::Result<leadscore::Event> event = leadscore::ParseEvent(text.json);
        if (event.ok() != general.ok() ||
            (event.ok() && leadscore::EventToJson(event.value()) != leadscore::EventToJson(general.value()))) {
          std::fprintf(stderr, "ParseEvent differs from the general path on: %.*s\n", static_cast<int>(text.json.size()),
                       text.json.data());
          std::abort();
        }
        if (event.ok()) session.Ingest(std::move(event).value());
      });
  leadscore::ScoreToJson(session.ComputeScore());
  if (session.events().empty()) return 0;
  leadscore::ScoreToJson(session.ComputeScore(session.events().front().t));

  std::optional<std::string> payload = leadscore::BuildPayload(session);
  if (!payload) return 0;
  leadscore::VerifyResult verdict = leadscore::VerifyPayload(config, *payload);
  if (verdict.status == leadscore::VerifyStatus::kMalformed) {
    for (const leadscore::Error& error : verdict.errors) std::fprintf(stderr, "%s\n", error.ToString().c_str());
    std::fprintf(stderr, "a built payload is malformed:\n%s\n", payload->c_str());
    std::abort();
  }
  return 0;
}

// ParseConfig on arbitrary bytes; an accepted config must then score a small fixed log without
// failing, whatever odd caps, half-lives or thresholds it holds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "leadscore/config.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"

namespace {

constexpr const char* kLog[] = {
    R"({"type":"visit","t":1767225600000})",
    R"({"type":"page_view","t":1767225601000,"path":"/pricing"})",
    R"({"type":"content_view","t":1767225602000,"id":"hero","tags":["pricing"],"ms":4000})",
    R"({"type":"slide_view","t":1767225609000,"deck":"tour","slide":1,"of":2,"ms":6000})",
    R"({"type":"slide_view","t":1767225616000,"deck":"tour","slide":2,"of":2,"ms":6000})",
    R"({"type":"consent","t":1767225617000,"granted":true})",
    (R"({"type":"form_submit","t":1767225630000,"form":"lead","fillMs":9000,)"
     R"("fields":{"email":"kim@initech.example","job_title":"VP Sales","company_size":900}})"),
    R"({"type":"custom","t":1767225631000,"name":"calculator_used","value":3})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leadscore::Result<leadscore::Config> config =
      leadscore::ParseConfig(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!config.ok()) return 0;
  leadscore::Session session(std::move(config).value());
  for (const char* event : kLog) session.IngestJson(event);
  leadscore::ScoreToJson(session.ComputeScore());
  leadscore::ScoreToJson(session.ComputeScore(1767225600000));
  leadscore::BuildPayload(session);
  return 0;
}

// VerifyPayload on arbitrary bytes: whatever a client POSTs, the collector gets a verdict.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "leadscore/verify.h"
#include "example_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  leadscore::VerifyPayload(leadscore::testing::ExampleConfig(),
                           std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

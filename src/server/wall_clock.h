#pragma once

#include <chrono>
#include <cstdint>

namespace leadscore::server {

/// The wall-clock time in ms since the Unix epoch: what leads, rate limits, log lines and
/// delivery schedules are stamped with.
inline int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace leadscore::server

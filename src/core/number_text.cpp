// The C library's conversions between doubles and decimal text (text.h); the browser build has
// its own (src/wasm/number_text.cpp).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "text.h"

namespace leadscore::detail {

std::string FormatNumber(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

double DecimalToDouble(const std::string& decimal) { return std::strtod(decimal.c_str(), nullptr); }

}  // namespace leadscore::detail

// The browser's conversions between doubles and decimal text (declared in src/core/text.h): the
// same correctly rounded results as the C library's natively, without printf and strtod in the
// module. tests/core checks the native ones; tests/web/engine.test.mjs these through fit rules.
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "text.h"

namespace leadscore::detail {

// From the shortest round-trip digits (JavaScript's toExponential() with no argument gives them,
// e.g. "1.2345e-7") to the form C's `%.*g` gives at that precision: plain notation when the
// exponent X satisfies precision > X >= -4, else d.ddde±XX.
std::string FormatNumber(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  if (!std::isfinite(value)) return value != value ? "nan" : (value < 0 ? "-inf" : "inf");
  std::string exponential = emscripten::val(value).call<std::string>("toExponential");
  std::string sign;
  if (exponential[0] == '-') {
    sign = "-";
    exponential.erase(0, 1);
  }
  size_t e = exponential.find('e');
  std::string digits = exponential.substr(0, 1) + (e > 2 ? exponential.substr(2, e - 2) : "");
  bool negative_exponent = exponential[e + 1] == '-';
  int exponent = 0;
  for (size_t i = e + 2; i < exponential.size(); ++i) exponent = exponent * 10 + (exponential[i] - '0');
  if (negative_exponent) exponent = -exponent;
  int precision = static_cast<int>(digits.size());
  if (exponent < -4 || exponent >= precision) {
    std::string mantissa = digits.substr(0, 1) + (precision > 1 ? "." + digits.substr(1) : "");
    std::string magnitude = std::to_string(exponent < 0 ? -exponent : exponent);
    if (magnitude.size() < 2) magnitude = "0" + magnitude;
    return sign + mantissa + (exponent < 0 ? "e-" : "e+") + magnitude;
  }
  if (exponent < 0) return sign + "0." + std::string(-exponent - 1, '0') + digits;
  std::string whole = digits.substr(0, exponent + 1);
  std::string fraction = digits.substr(exponent + 1);
  return sign + whole + (fraction.empty() ? "" : "." + fraction);
}

double DecimalToDouble(const std::string& decimal) {
  return emscripten::val::global("Number")(decimal).as<double>();
}

}  // namespace leadscore::detail

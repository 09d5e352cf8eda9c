#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadscore::detail {

/// Without surrounding ASCII whitespace.
std::string_view Trim(std::string_view text);

/// ASCII lower case (e-mail domains, job titles: case-insensitive comparisons).
std::string ToLower(std::string_view text);

/// A decimal number written as text (" 2000 ", "-1.5e3", ".5"); nullopt unless the whole text,
/// without surrounding whitespace, is one (no hex, no inf or nan) and it is finite.
std::optional<double> ParseNumber(std::string_view text);

// The two conversions between doubles and decimal text, correctly rounded. Natively they are the
// C library's (number_text.cpp); the browser build uses the browser's own (src/wasm), which
// spares the module printf, strtod and their long-double arithmetic (10 KB gzip).

/// The double nearest to `decimal`, which IsDecimalNumber syntax has already been checked.
double DecimalToDouble(const std::string& decimal);

/// The shortest decimal form of a number that reads back to the same double, as C's `%.*g` writes
/// it (`0.1`, `1e-05`, `1.5e+20`); integers below 1e15 as integers: the text a numeric form field
/// is matched by.
std::string FormatNumber(double value);

/// `path` without its query string and fragment.
std::string_view StripQueryAndFragment(std::string_view path);

}  // namespace leadscore::detail

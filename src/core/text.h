#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leadscore::detail {

/// Without surrounding ASCII whitespace.
std::string_view Trim(std::string_view text);

/// ASCII lower case (e-mail domains, job titles: case-insensitive comparisons).
std::string ToLower(std::string_view text);

/// A decimal number written as text (" 2000 ", "1.5e3"); nullopt unless the whole text is one.
std::optional<double> ParseNumber(std::string_view text);

/// The shortest decimal form of a number that reads back to the same double (`%.*g`; integers
/// below 1e15 as integers): the text a numeric form field is matched by.
std::string FormatNumber(double value);

/// `path` without its query string and fragment.
std::string_view StripQueryAndFragment(std::string_view path);

}  // namespace leadscore::detail

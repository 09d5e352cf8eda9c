#pragma once

#include <string_view>

namespace leadscore::detail {

/// Case-sensitive glob: `*` matches any run of characters (also none); everything else is literal.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace leadscore::detail

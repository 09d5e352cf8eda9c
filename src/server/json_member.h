#pragma once

#include <optional>
#include <string_view>

namespace leadscore::server {

/// The text of the value of `key` in the top-level object of `json` (`{"a":{"b":1}}`, `a` →
/// `{"b":1}`), or nullopt when the key is absent. Scans without building a document, so taking
/// one small member out of an 18 KB payload costs a pass over its bytes, not a parse. `json` must
/// already be known to be valid JSON; keys are compared as written (no escape decoding).
std::optional<std::string_view> TopLevelMember(std::string_view json, std::string_view key);

}  // namespace leadscore::server

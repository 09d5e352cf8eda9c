#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadscore/config.h"

namespace leadscore::detail {

using LeadFieldList = std::vector<std::pair<std::string, FieldValue>>;

/// `local@domain.tld`: one `@`, no spaces, a dotted domain with non-empty labels.
bool IsValidEmail(std::string_view email);

/// The lower-cased domain of a valid e-mail; empty otherwise.
std::string EmailDomain(std::string_view email);

/// Whether a valid e-mail's domain is a free-mail provider (built-in list plus the config's).
bool IsFreeEmail(std::string_view email, const std::vector<std::string>& extra_domains);

/// Whether the rule holds for the lead's fields.
bool FitRuleMatches(const FitRule& rule, const LeadFieldList& fields,
                    const std::vector<std::string>& extra_free_domains);

/// The field's value, or nullptr when the lead has none.
const FieldValue* FindField(const LeadFieldList& fields, std::string_view name);

}  // namespace leadscore::detail

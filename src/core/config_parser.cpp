// Config JSON text → Config: the tree, then the one config reader (config_reader.h).
#include <algorithm>

#include "config_reader.h"
#include "json_tree.h"

namespace leadscore {

Result<Config> ParseConfig(std::string_view json) {
  Result<detail::Json> parsed = detail::ParseJson(json);
  if (!parsed.ok()) return std::vector<Error>{{"$", parsed.errors().front().message}};
  return detail::ReadConfig(detail::TreeValue(parsed.value()));
}

std::vector<std::string> LeadFieldNames(const Config& config) {
  std::vector<std::string> names{"email"};
  auto add = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const FitRule& rule : config.fit_rules) add(rule.field);
  for (const std::string& name : config.submit.fields) add(name);
  return names;
}

}  // namespace leadscore

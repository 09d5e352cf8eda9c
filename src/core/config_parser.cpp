// Config JSON text → Config: the tree, then the one config reader (config_reader.h).
#include "config_reader.h"
#include "json_tree.h"

namespace leadscore {

Result<Config> ParseConfig(std::string_view json) {
  Result<detail::Json> parsed = detail::ParseJson(json);
  if (!parsed.ok()) return std::vector<Error>{{"$", parsed.errors().front().message}};
  return detail::ReadConfig(detail::TreeValue(parsed.value()));
}

}  // namespace leadscore

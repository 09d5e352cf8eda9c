#include "store_rows.h"

#include "json_text.h"

namespace leadscore::server {

std::string DeliveryColumnList(const std::string& table) {
  std::string list;
  for (const DeliveryColumn& column : kDeliveryColumns) {
    if (!list.empty()) list += ", ";
    list += table.empty() ? column.name : table + "." + column.name;
  }
  return list;
}

std::string JsonArrayText(const std::vector<std::string>& values) { return JsonText(nlohmann::json(values)); }

}  // namespace leadscore::server

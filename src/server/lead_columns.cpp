#include "lead_columns.h"

#include <algorithm>
#include <cctype>

namespace leadscore::server {

std::string LeadColumnList(bool with_payload) {
  std::string list;
  for (const LeadColumn& column : kLeadColumns) {
    if (!list.empty()) list += ", ";
    list += with_payload || !IsPayloadColumn(column) ? column.name : "''";
  }
  return list;
}

std::string PersonOf(const std::string& email) {
  size_t begin = 0, end = email.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(email[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(email[end - 1]))) --end;
  std::string person = email.substr(begin, end - begin);
  std::transform(person.begin(), person.end(), person.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return person;
}

}  // namespace leadscore::server

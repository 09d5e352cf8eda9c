#include "csv.h"

namespace leadscore::server {

std::string CsvTextCell(std::string_view text) {
  std::string cell;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    cell += '\'';
  }
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void AppendCsvRow(std::string& out, const std::vector<std::string>& cells) {
  for (size_t n = 0; n < cells.size(); ++n) {
    if (n) out += ',';
    out += cells[n];
  }
  out += "\r\n";
}

}  // namespace leadscore::server

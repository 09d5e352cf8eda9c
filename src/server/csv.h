#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leadscore::server {

/// One text cell as RFC 4180 wants it, made safe to open in a spreadsheet: a cell starting with
/// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` so it is never run as a formula.
std::string CsvTextCell(std::string_view text);

/// Appends one record (cells already escaped) with the CRLF line end RFC 4180 asks for.
void AppendCsvRow(std::string& out, const std::vector<std::string>& cells);

}  // namespace leadscore::server

#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace leadscore::server {

/// The current row of a stepped SQLite statement, as the column accessor of store_rows.h.
struct SqliteRow {
  sqlite3_stmt* stmt;

  void Read(int column, std::string& out) const {
    const unsigned char* value = sqlite3_column_text(stmt, column);
    out = value ? std::string(reinterpret_cast<const char*>(value),
                              static_cast<size_t>(sqlite3_column_bytes(stmt, column)))
                : std::string();
  }
  void Read(int column, int64_t& out) const { out = sqlite3_column_int64(stmt, column); }
  void Read(int column, double& out) const { out = sqlite3_column_double(stmt, column); }
};

}  // namespace leadscore::server

#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "leadscore/result.h"

// What the SQLite store's files share about statements: ownership, errors and reading a row.
namespace leadscore::server {

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
/// A prepared statement, finalized when it goes.
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

/// `sqlite: WHAT: MESSAGE`, with the connection's last error message.
inline Error SqliteError(sqlite3* db, const std::string& what) {
  return Error{"sqlite", what + ": " + sqlite3_errmsg(db)};
}

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

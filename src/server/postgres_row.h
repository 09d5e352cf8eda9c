#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace leadscore::server {

/// Row `row` of a PostgreSQL result (every value arrives as text), as the column accessor of
/// store_rows.h.
struct PostgresRow {
  const PGresult* result;
  int row;

  void Read(int column, std::string& out) const {
    out.assign(PQgetvalue(result, row, column), static_cast<size_t>(PQgetlength(result, row, column)));
  }
  void Read(int column, int64_t& out) const { out = std::strtoll(PQgetvalue(result, row, column), nullptr, 10); }
  void Read(int column, double& out) const { out = std::strtod(PQgetvalue(result, row, column), nullptr); }
};

}  // namespace leadscore::server

#pragma once

#include <memory>
#include <string>

#include "leadscore/result.h"
#include "lead_store.h"

namespace leadscore::server {

/// Opens (creating if needed) the SQLite database at `path` in WAL mode with full fsync on commit,
/// and migrates its schema to kSchemaVersion.
Result<std::unique_ptr<LeadStore>> OpenSqliteLeadStore(const std::string& path);

}  // namespace leadscore::server

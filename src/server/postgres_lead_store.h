#pragma once

#include <memory>
#include <string>

#include "leadscore/result.h"
#include "lead_store.h"

namespace leadscore::server {

/// Connects to PostgreSQL (`url` is a libpq connection URI or keyword string) with `connections`
/// pooled connections and migrates the schema to kSchemaVersion. Several collectors may share
/// one database: the schema is migrated under an advisory lock and inserts are idempotent.
Result<std::unique_ptr<LeadStore>> OpenPostgresLeadStore(const std::string& url, int connections);

}  // namespace leadscore::server

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "lead_store.h"

// How both stores move a database to this build's schema: a list of steps, each run once in
// order, in one transaction that other collectors opening the same database wait for.
namespace leadscore::server {

/// One step of the schema: the statements that take a database from `version - 1` to `version`.
/// A released step never changes; a change is a new step (and kSchemaVersion moves with it).
struct SchemaMigration {
  int version;
  const char* sql;
};

/// The refusal of a database a newer collector migrated: its tables may hold what this build
/// does not know how to keep. nullopt for this build's version or an older one.
inline std::optional<Error> NewerSchemaError(const std::string& store, int64_t version) {
  if (version <= kSchemaVersion) return std::nullopt;
  return Error{store, "the database has schema version " + std::to_string(version) + ", newer than this collector's " +
                          std::to_string(kSchemaVersion)};
}

}  // namespace leadscore::server

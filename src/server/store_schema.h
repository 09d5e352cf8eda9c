#pragma once

#include <cstddef>
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

/// Takes a database at `version` to kSchemaVersion: each step above `version`, in order, through
/// `apply(step)` (which returns an error or nullopt), within the caller's transaction. The first
/// error ends it; a newer database is refused before anything runs.
template <size_t kSteps, class Apply>
std::optional<Error> MigrateFrom(const std::string& store, int64_t version,
                                 const SchemaMigration (&steps)[kSteps], Apply apply) {
  static_assert(kSteps == kSchemaVersion, "one step per schema version");
  if (auto error = NewerSchemaError(store, version)) return error;
  for (const SchemaMigration& step : steps) {
    if (step.version <= version) continue;
    if (auto error = apply(step)) return error;
  }
  return std::nullopt;
}

}  // namespace leadscore::server

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "leadscore/config.h"
#include "leadscore/result.h"
#include "lead_store.h"

namespace leadscore::server {

/// The configs a collector verifies leads with: the one it serves and every earlier revision any
/// collector sharing its store has run with, so a lead scored before a config rollout still counts.
class ConfigRevisions {
 public:
  ConfigRevisions(const Config& current, LeadStore& store);

  /// Keeps the served config (its text as JSON) in the store under its revision. A different
  /// config kept before under that revision is replaced, and returned as a warning: leads scored
  /// with it are verified with this one from now on (a changed config needs a new revision).
  Result<std::optional<std::string>> KeepCurrent(const std::string& config_json, int64_t now);

  /// The config of `revision` for the served site: the served one, one read before, or one read
  /// from the store now (another collector may have kept it meanwhile); nullptr when none is kept.
  const Config* Find(const std::string& revision);

 private:
  const Config& current_;
  LeadStore& store_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Config>> earlier_;  // revision → config; never removed
};

/// The config text in one canonical form (compact, keys sorted), so that the same config written
/// with other spacing is the same revision.
std::optional<std::string> CanonicalConfigJson(const std::string& config_text);

}  // namespace leadscore::server

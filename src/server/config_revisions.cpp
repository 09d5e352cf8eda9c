#include "config_revisions.h"

#include <nlohmann/json.hpp>

#include "access_log.h"
#include "json_text.h"

namespace leadscore::server {

std::optional<std::string> CanonicalConfigJson(const std::string& config_text) {
  nlohmann::json json = nlohmann::json::parse(config_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return std::nullopt;
  return JsonText(json);
}

ConfigRevisions::ConfigRevisions(const Config& current, LeadStore& store) : current_(current), store_(store) {}

Result<std::optional<std::string>> ConfigRevisions::KeepCurrent(const std::string& config_json, int64_t now) {
  auto before = store_.KeepConfigRevision(current_.site, current_.revision, config_json, now);
  if (!before.ok()) return before.errors();
  if (!before.value() || *before.value() == config_json) return std::optional<std::string>();
  return std::optional<std::string>("config revision \"" + current_.revision +
                                    "\" was kept with a different config, which this one replaces: leads scored with"
                                    " it are verified with this one; give a changed config a new revision");
}

const Config* ConfigRevisions::Find(const std::string& revision) {
  if (revision == current_.revision) return &current_;
  std::lock_guard<std::mutex> lock(mutex_);
  auto known = earlier_.find(revision);
  if (known != earlier_.end()) return known->second.get();
  auto stored = store_.ConfigRevision(current_.site, revision);
  if (!stored.ok()) {
    WriteEventLog("error", "reading config revision " + revision + " failed: " + stored.errors().front().ToString());
    return nullptr;
  }
  if (!stored.value()) return nullptr;
  auto config = ParseConfig(*stored.value());
  if (!config.ok()) {
    WriteEventLog("error", "the kept config revision " + revision + " no longer parses: " +
                               config.errors().front().ToString());
    return nullptr;
  }
  auto& slot = earlier_[revision];
  slot = std::make_unique<Config>(std::move(config).value());
  return slot.get();
}

}  // namespace leadscore::server

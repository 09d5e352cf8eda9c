#include "forward_config.h"

#include <optional>
#include <set>

#include "input_file.h"
#include "json_tree.h"  // the core's reader over an nlohmann tree, from src/core

namespace leadscore::server {
namespace {

using detail::Json;
using detail::Need;
using detail::TreeValue;
using ObjectReader = detail::ObjectReader<TreeValue>;

constexpr const char* kHubspotEndpoint = "https://api.hsforms.com";
constexpr const char* kHubspotPath = "/submissions/v3/integration/submit/";
constexpr const char* kSalesforceEndpoint = "https://webto.salesforce.com";
constexpr const char* kSalesforcePath = "/servlet/servlet.WebToLead?encoding=UTF-8";
constexpr const char* kDefaultConsentText =
    "The visitor agreed to the site's consent notice before this lead was sent.";

// The id names the delivery in URLs (the admin re-queue call) and in GET /leads.
bool IsPlainId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!plain) return false;
  }
  return true;
}

bool StartsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// Plain http would expose leads and secrets on the way; it is allowed only to this machine, where
// tests and local receivers listen.
bool IsLoopbackHttp(const std::string& url) {
  for (const char* prefix : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
    if (!StartsWith(url, prefix)) continue;
    char next = url.size() > std::char_traits<char>::length(prefix) ? url[std::char_traits<char>::length(prefix)] : '\0';
    if (next == '\0' || next == ':' || next == '/') return true;
  }
  return false;
}

std::optional<std::string> UrlProblem(const std::string& url) {
  if (StartsWith(url, "https://")) {
    if (url.size() == 8 || url[8] == '/') return "expected a URL with a host";
    return std::nullopt;
  }
  if (IsLoopbackHttp(url)) return std::nullopt;
  return "expected an https:// URL (plain http only to 127.0.0.1, localhost or [::1])";
}

// A URL with no path stands for the vendor's host: the vendor's path is appended. A URL with a
// path is the whole endpoint, used as given.
std::string WithVendorPath(const std::string& url, const std::string& path) {
  size_t host = url.find("://") + 3;
  size_t slash = url.find('/', host);
  if (slash == std::string::npos) return url + path;
  if (slash + 1 == url.size()) return url.substr(0, slash) + path;
  return url;
}

class ForwardParser {
 public:
  ForwardParser(const EnvironmentLookup& environment, std::vector<Error>& errors)
      : environment_(environment), errors_(errors) {}

  ForwardConfig Parse(const Json& root) {
    ForwardConfig config;
    ObjectReader reader(TreeValue(root), "$", errors_);
    reader.RejectUnknownKeys({"$schema", "destinations", "retry"});
    reader.String("$schema", Need::kOptional);  // for editors (schema/forward.schema.json)
    if (auto list = reader.Array("destinations", Need::kRequired)) {
      const Json* destinations = &list->json();
      if (destinations->empty()) reader.Fail("destinations", "expected at least one destination");
      for (size_t n = 0; n < destinations->size(); ++n) {
        std::string path = detail::JoinIndex(reader.PathOf("destinations"), n);
        const Json& item = (*destinations)[n];
        if (!item.is_object()) {
          errors_.push_back({path, "expected an object"});
          continue;
        }
        if (auto destination = ParseDestination(ObjectReader(TreeValue(item), path, errors_))) {
          config.destinations.push_back(std::move(*destination));
        }
      }
    }
    if (auto retry = reader.Object("retry", Need::kOptional)) {
      config.retry = ParseRetry(ObjectReader(*retry, reader.PathOf("retry"), errors_));
    }
    return config;
  }

 private:
  std::optional<Destination> ParseDestination(const ObjectReader& reader) {
    Destination destination;
    auto id = reader.String("id", Need::kRequired);
    if (id && !IsPlainId(*id)) {
      reader.Fail("id", "expected 1-64 letters, digits, '-' or '_'");
    } else if (id && !ids_.insert(*id).second) {
      reader.Fail("id", "duplicate destination id \"" + *id + "\"");
    }
    if (id) destination.id = *id;
    auto type = reader.String("type", Need::kRequired);
    if (!type) return std::nullopt;
    if (*type == "webhook") {
      destination.type = DestinationType::kWebhook;
      reader.RejectUnknownKeys({"id", "type", "url", "urlEnv", "secretEnv"});
      destination.url = UrlFromFileOrEnvironment(reader);
      if (auto secret = FromEnvironment(reader, "secretEnv", Need::kRequired)) destination.secret = *secret;
    } else if (*type == "hubspot") {
      destination.type = DestinationType::kHubspot;
      reader.RejectUnknownKeys({"id", "type", "url", "portalId", "formGuid", "fieldMap", "consentText"});
      auto portal = reader.String("portalId", Need::kRequired);
      auto form = reader.String("formGuid", Need::kRequired);
      if (portal) destination.portal_id = *portal;
      if (form) destination.form_guid = *form;
      std::string base = OptionalUrl(reader).value_or(kHubspotEndpoint);
      destination.url = WithVendorPath(base, kHubspotPath + destination.portal_id + "/" + destination.form_guid);
      destination.field_map = FieldMap(reader, {{"email", "email"}});
      destination.consent_text = reader.String("consentText", Need::kOptional).value_or(kDefaultConsentText);
    } else if (*type == "salesforce") {
      destination.type = DestinationType::kSalesforce;
      reader.RejectUnknownKeys({"id", "type", "url", "oid", "leadSource", "fieldMap"});
      if (auto oid = reader.String("oid", Need::kRequired)) destination.oid = *oid;
      destination.lead_source = reader.String("leadSource", Need::kOptional).value_or("Web");
      destination.url = WithVendorPath(OptionalUrl(reader).value_or(kSalesforceEndpoint), kSalesforcePath);
      destination.field_map = FieldMap(reader, {});
    } else if (*type == "slack") {
      destination.type = DestinationType::kSlack;
      reader.RejectUnknownKeys({"id", "type", "url", "urlEnv"});
      destination.url = UrlFromFileOrEnvironment(reader);
    } else {
      reader.Fail("type", "unknown destination type \"" + *type + "\" (expected webhook, hubspot, salesforce or slack)");
      return std::nullopt;
    }
    return destination;
  }

  std::optional<std::string> OptionalUrl(const ObjectReader& reader) {
    auto url = reader.String("url", Need::kOptional);
    if (!url) return std::nullopt;
    if (auto problem = UrlProblem(*url)) {
      reader.Fail("url", *problem);
      return std::nullopt;
    }
    return url;
  }

  // Webhook and Slack URLs often carry their own secret, so they may come from the environment.
  std::string UrlFromFileOrEnvironment(const ObjectReader& reader) {
    bool in_file = reader.Has("url"), in_environment = reader.Has("urlEnv");
    if (in_file && in_environment) {
      reader.Fail("urlEnv", "cannot be combined with url");
      return "";
    }
    if (!in_file && !in_environment) {
      reader.Fail("url", "is required (or urlEnv, the environment variable that holds it)");
      return "";
    }
    if (in_file) return OptionalUrl(reader).value_or("");
    auto url = FromEnvironment(reader, "urlEnv", Need::kRequired);
    if (!url) return "";
    if (auto problem = UrlProblem(*url)) {
      reader.Fail("urlEnv", "the URL in " + reader.String("urlEnv", Need::kRequired).value_or("") + " is not usable: " +
                                *problem);
      return "";
    }
    return *url;
  }

  std::optional<std::string> FromEnvironment(const ObjectReader& reader, const char* key, Need need) {
    auto name = reader.String(key, need);
    if (!name) return std::nullopt;
    const char* value = environment_(name->c_str());
    if (!value || !*value) {
      reader.Fail(key, "the environment variable " + *name + " is not set");
      return std::nullopt;
    }
    return std::string(value);
  }

  std::vector<std::pair<std::string, std::string>> FieldMap(
      const ObjectReader& reader, std::vector<std::pair<std::string, std::string>> fallback) {
    auto found = reader.Object("fieldMap", Need::kOptional);
    if (!found) return fallback;
    const Json* map = &found->json();
    std::vector<std::pair<std::string, std::string>> fields;
    ObjectReader entries(*found, reader.PathOf("fieldMap"), errors_);
    for (const auto& item : map->items()) {
      const std::string& from = item.key();
      if (!from.empty() && from.front() == '$' && from != "$score" && from != "$stage" && from != "$grade") {
        entries.Fail(from, "unknown lead value (expected a form field, $score, $stage or $grade)");
        continue;
      }
      if (auto to = entries.String(from, Need::kRequired)) fields.emplace_back(from, *to);
    }
    if (map->empty()) reader.Fail("fieldMap", "expected at least one field");
    return fields;
  }

  RetrySettings ParseRetry(const ObjectReader& reader) {
    RetrySettings retry;
    reader.RejectUnknownKeys({"initialMs", "maxMs", "maxAttempts"});
    // A day bounds every wait: a receiver down for longer is a case for the admin re-queue.
    constexpr int64_t kDayMs = 86400000;
    retry.initial_ms = reader.Integer("initialMs", Need::kOptional, 1, kDayMs).value_or(retry.initial_ms);
    retry.max_ms = reader.Integer("maxMs", Need::kOptional, 1, kDayMs).value_or(retry.max_ms);
    retry.max_attempts = reader.Integer("maxAttempts", Need::kOptional, 1, 1000).value_or(retry.max_attempts);
    if (retry.max_ms < retry.initial_ms) reader.Fail("maxMs", "must be at least initialMs");
    return retry;
  }

  const EnvironmentLookup& environment_;
  std::vector<Error>& errors_;
  std::set<std::string> ids_;
};

}  // namespace

std::string_view DestinationTypeName(DestinationType type) {
  switch (type) {
    case DestinationType::kWebhook: return "webhook";
    case DestinationType::kHubspot: return "hubspot";
    case DestinationType::kSalesforce: return "salesforce";
    case DestinationType::kSlack: return "slack";
  }
  return "webhook";
}

Result<ForwardConfig> ParseForwardConfig(std::string_view json, const EnvironmentLookup& environment) {
  Result<Json> parsed = detail::ParseJson(json);
  if (!parsed.ok()) return std::vector<Error>{{"$", parsed.errors().front().message}};
  if (!parsed.value().is_object()) return std::vector<Error>{{"$", "expected a forwarding object"}};
  std::vector<Error> errors;
  ForwardConfig config = ForwardParser(environment, errors).Parse(parsed.value());
  if (!errors.empty()) return errors;
  return config;
}

Result<ForwardConfig> LoadForwardConfig(const std::string& path, const EnvironmentLookup& environment) {
  Result<std::string> text = io::ReadInput(path, io::kMaxSettingsFileBytes);
  if (!text.ok()) return text.errors();
  Result<ForwardConfig> config = ParseForwardConfig(text.value(), environment);
  if (config.ok()) return config;
  return io::InFile(path, config.errors());
}

}  // namespace leadscore::server

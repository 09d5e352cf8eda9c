#include "admin_routes.h"

#include <strings.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "access_log.h"
#include "client_address.h"
#include "csv.h"
#include "forward/delivery_routes.h"
#include "json_answer.h"
#include "wall_clock.h"
#include "lead_json.h"
#include "lead_query.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

constexpr const char* kJson = "application/json";
// Rows per store call while exporting CSV; the export holds rows without their payloads.
constexpr int64_t kExportChunk = 1000;

// Compares every byte whatever the first difference, so response time does not leak the token.
bool SameToken(const std::string& given, const std::string& expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (size_t n = 0; n < given.size(); ++n) {
    difference |= static_cast<unsigned char>(given[n] ^ expected[n % std::max<size_t>(1, expected.size())]);
  }
  return difference == 0;
}

}  // namespace

bool AuthorizeAdmin(const RouteContext& context, const Request& request, Response& response) {
  if (auto wait = context.admin_limiter.Admit(ClientAddress(context.options.trusted_proxies, request), NowMs())) {
    response.set_header("Retry-After", std::to_string(*wait));
    SendError(response, 429, "rate_limited", "too many admin requests from this address; retry later");
    return false;
  }
  const std::string& token = context.options.admin_token;
  std::string header = request.get_header_value("Authorization");
  // The scheme is case-insensitive (`bearer`, `BEARER`); the token is not.
  const std::string scheme = "bearer ";
  bool ok = !token.empty() && header.size() > scheme.size() &&
            strncasecmp(header.c_str(), scheme.c_str(), scheme.size()) == 0 &&
            SameToken(header.substr(scheme.size()), token);
  if (ok) return true;
  response.set_header("WWW-Authenticate", "Bearer realm=\"leadscore\"");
  std::string message = token.empty()
                            ? "the admin API is off: start the collector with --admin-token or LEADSCORE_ADMIN_TOKEN"
                            : "send the admin token as 'Authorization: Bearer TOKEN'";
  SendError(response, 401, "unauthorized", message);
  return false;
}

namespace {

bool ReadQuery(const Request& request, Response& response, LeadQuery& query) {
  auto parsed = ParseLeadQuery(request.params);
  if (parsed.ok()) {
    query = parsed.value();
    return true;
  }
  const Error& first = parsed.errors().front();
  SendError(response, 400, "bad_query", first.ToString(), {{"path", first.path}});
  return false;
}

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

std::string CellText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return JsonText(value);
}

std::string LeadsCsv(const std::vector<LeadRecord>& rows) {
  std::vector<Json> fields;
  std::set<std::string> names;
  for (const LeadRecord& row : rows) {
    fields.push_back(LeadFieldsObject(row.lead_fields));
    for (auto it = fields.back().begin(); it != fields.back().end(); ++it) {
      if (it.key() != "email") names.insert(it.key());
    }
  }
  std::string csv;
  std::vector<std::string> header = {"id",    "received_at", "submitted_at", "site",       "revision", "email",
                                     "stage", "grade",       "total",        "engagement", "fit"};
  for (const std::string& name : names) header.push_back(CsvTextCell(name));
  AppendCsvRow(csv, header);
  for (size_t n = 0; n < rows.size(); ++n) {
    const LeadRecord& row = rows[n];
    std::vector<std::string> cells = {CsvTextCell(row.id),       FormatUtcTime(row.received_at),
                                      FormatUtcTime(row.submitted_at), CsvTextCell(row.site),
                                      CsvTextCell(row.revision), CsvTextCell(row.email),
                                      CsvTextCell(row.stage),    CsvTextCell(row.grade),
                                      Number(row.total),         Number(row.engagement),
                                      Number(row.fit)};
    for (const std::string& name : names) {
      auto it = fields[n].find(name);
      cells.push_back(it == fields[n].end() ? "" : CsvTextCell(CellText(*it)));
    }
    AppendCsvRow(csv, cells);
  }
  return csv;
}

void StoreFailed(Response& response, const Error& error) {
  WriteEventLog("error", "listing leads failed: " + error.ToString());
  SendError(response, 503, "storage_unavailable", "the lead store did not answer; retry later");
}

}  // namespace

void AddAdminRoutes(Router& server, const RouteContext& context) {
  server.Get("/leads", [&context](const Request& request, Response& response) {
    LeadQuery query;
    if (!AuthorizeAdmin(context, request, response) || !ReadQuery(request, response, query)) return;
    int64_t limit = query.limit;
    query.limit = limit + 1;  // one more than asked tells whether another page follows
    auto rows = context.store.List(query);
    if (!rows.ok()) return StoreFailed(response, rows.errors().front());
    std::vector<LeadRecord>& leads = rows.value();
    bool more = static_cast<int64_t>(leads.size()) > limit;
    if (more) leads.pop_back();
    std::vector<std::string> listed;
    std::vector<std::string> ids;
    for (const LeadRecord& lead : leads) {
      listed.push_back(LeadJson(lead));
      ids.push_back(lead.id);
    }
    auto deliveries = context.store.DeliveriesOf(ids);
    if (!deliveries.ok()) return StoreFailed(response, deliveries.errors().front());
    listed = WithDeliveries(leads, std::move(listed), deliveries.value());
    std::string body = "{\"leads\":[";
    for (size_t n = 0; n < listed.size(); ++n) {
      if (n) body += ',';
      body += listed[n];
    }
    body += "],\"nextCursor\":";
    body += more ? JsonText(EncodeCursor(leads.back())) : "null";
    body += "}";
    response.set_header("Cache-Control", "no-store");
    response.set_content(body, kJson);
  });

  server.Get("/leads\\.csv", [&context](const Request& request, Response& response) {
    LeadQuery query;
    if (!AuthorizeAdmin(context, request, response) || !ReadQuery(request, response, query)) return;
    query.with_payload = false;
    int64_t wanted = request.has_param("limit") ? query.limit : INT64_MAX;
    std::vector<LeadRecord> rows;
    while (static_cast<int64_t>(rows.size()) < wanted) {
      query.limit = std::min<int64_t>(kExportChunk, wanted - static_cast<int64_t>(rows.size()));
      auto chunk = context.store.List(query);
      if (!chunk.ok()) return StoreFailed(response, chunk.errors().front());
      if (chunk.value().empty()) break;
      for (LeadRecord& row : chunk.value()) rows.push_back(std::move(row));
      query.after = std::make_pair(rows.back().received_at, rows.back().id);
      query.offset = 0;
      if (static_cast<int64_t>(chunk.value().size()) < query.limit) break;
    }
    response.set_header("Cache-Control", "no-store");
    response.set_header("Content-Disposition", "attachment; filename=\"leads.csv\"");
    response.set_content(LeadsCsv(rows), "text/csv; charset=utf-8");
  });

  AddDeliveryRoutes(server, context, AuthorizeAdmin);
}

}  // namespace leadscore::server

#include "admin_routes.h"

#include <strings.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>
#include <variant>
#include <string>
#include <vector>

#include "access_log.h"
#include "client_address.h"
#include "csv.h"
#include "forward/delivery_routes.h"
#include "json_answer.h"
#include "wall_clock.h"
#include "lead_columns.h"
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

// The fields a lead's config declares (its fit rules' fields, then submit.fields), each once, in
// config order. Only these become CSV columns: a lead's other field names never widen the export.
std::vector<std::string> DeclaredLeadFields(const Config& config) {
  std::vector<std::string> names;
  auto add = [&names](const std::string& name) {
    if (name != "email" && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const FitRule& rule : config.fit_rules) add(rule.field);
  for (const std::string& name : config.submit.fields) add(name);
  return names;
}

// The stored columns a spreadsheet reads (not the fields object, the payload or the person key).
bool IsCsvColumn(const LeadColumn& column) {
  std::string_view name = column.name;
  return name != "lead_fields" && name != "payload" && name != "person";
}

std::string CsvCell(const std::string& text) { return CsvTextCell(text); }
std::string CsvCell(int64_t ms) { return FormatUtcTime(ms); }  // the integer columns are times
std::string CsvCell(double number) { return Number(number); }

std::string LeadsCsv(const std::vector<LeadRecord>& rows, const std::vector<std::string>& fields) {
  std::string csv;
  std::vector<std::string> header;
  for (const LeadColumn& column : kLeadColumns) {
    if (IsCsvColumn(column)) header.push_back(column.name);
  }
  for (const std::string& name : fields) header.push_back(CsvTextCell(name));
  AppendCsvRow(csv, header);
  for (const LeadRecord& row : rows) {
    std::vector<std::string> cells;
    for (const LeadColumn& column : kLeadColumns) {
      if (!IsCsvColumn(column)) continue;
      std::visit([&](auto member) { cells.push_back(CsvCell(row.*member)); }, column.member);
    }
    Json values = LeadFieldsObject(row.lead_fields);
    for (const std::string& name : fields) {
      auto it = values.find(name);
      cells.push_back(it == values.end() ? "" : CsvTextCell(CellText(*it)));
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
    // One lead per person: their newest submission, and beside it every submission they made.
    query.newest_per_person = true;
    auto rows = context.store.List(query);
    if (!rows.ok()) return StoreFailed(response, rows.errors().front());
    std::vector<LeadRecord>& leads = rows.value();
    bool more = static_cast<int64_t>(leads.size()) > limit;
    if (more) leads.pop_back();
    std::vector<std::string> listed;
    std::vector<std::string> ids;
    std::vector<PersonKey> people;
    for (const LeadRecord& lead : leads) {
      listed.push_back(LeadJson(lead));
      ids.push_back(lead.id);
      people.emplace_back(lead.site, lead.person);
    }
    auto deliveries = context.store.DeliveriesOf(ids);
    if (!deliveries.ok()) return StoreFailed(response, deliveries.errors().front());
    auto submissions = context.store.SubmissionsOf(people);
    if (!submissions.ok()) return StoreFailed(response, submissions.errors().front());
    std::map<PersonKey, std::vector<LeadRecord>> by_person;
    for (LeadRecord& submission : submissions.value()) {
      by_person[{submission.site, submission.person}].push_back(std::move(submission));
    }
    listed = WithDeliveries(leads, std::move(listed), deliveries.value());
    for (size_t n = 0; n < leads.size(); ++n) {
      listed[n].pop_back();  // the object's closing brace
      listed[n] += ",\"submissions\":" + SubmissionsJson(by_person[people[n]]) + "}";
    }
    std::string body = "{\"leads\":[";
    for (size_t n = 0; n < listed.size(); ++n) {
      if (n) body += ',';
      body += listed[n];
    }
    body += "],\"nextCursor\":";
    body += more ? JsonText(Json(EncodeCursor(leads.back()))) : "null";
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
    response.set_content(LeadsCsv(rows, DeclaredLeadFields(context.config)), "text/csv; charset=utf-8");
  });

  AddDeliveryRoutes(server, context, AuthorizeAdmin);
}

}  // namespace leadscore::server

#include <map>

#include "delivery_request.h"
#include "lead_summary.h"

namespace leadscore::server {
namespace {

// Form fields with the Salesforce Web-to-Lead name of the same standard lead field.
const std::vector<std::pair<const char*, const char*>> kStandardFields = {
    {"first_name", "first_name"}, {"last_name", "last_name"}, {"email", "email"},     {"company", "company"},
    {"job_title", "title"},       {"title", "title"},         {"phone", "phone"},     {"mobile", "mobile"},
    {"street", "street"},         {"city", "city"},           {"state", "state"},     {"zip", "zip"},
    {"country", "country"},       {"website", "URL"},         {"industry", "industry"}};

// application/x-www-form-urlencoded, as an HTML form sends it.
std::string FormEncode(const std::string& text) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '*';
    if (plain) {
      encoded += static_cast<char>(c);
    } else if (c == ' ') {
      encoded += '+';
    } else {
      encoded += '%';
      encoded += kDigits[c >> 4];
      encoded += kDigits[c & 15];
    }
  }
  return encoded;
}

std::string JoinLines(const std::string& heading, const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string text = heading + ":";
  for (const std::string& item : items) text += "\n- " + item;
  return text + "\n";
}

// What sales reads in the lead's Description: why it qualified and what the visitor looked at.
std::string EngagementSummary(const LeadSummary& lead) {
  std::string text = "Leadscore: stage " + lead.stage + ", score " + ScoreText(lead.total) + " (engagement " +
                     ScoreText(lead.engagement) + ", fit " + ScoreText(lead.fit) + ", grade " + lead.grade + ")\n";
  text += "Submitted " + UtcMinuteText(lead.submitted_at) + " on " + lead.site + "\n";
  text += JoinLines("Top reasons", lead.top_reasons);
  text += JoinLines("Slides read", lead.slides_read);
  text += JoinLines("Content read", lead.content_read);
  text += JoinLines("Pages", lead.pages);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

OutboundRequest SalesforceRequest(const Destination& destination, const LeadRecord& lead) {
  LeadSummary summary = SummarizeLead(lead);
  // Later entries replace earlier ones: standard fields, then the split name, then the file's map.
  std::map<std::string, std::string> form;
  for (const auto& [field, salesforce_name] : kStandardFields) {
    if (auto value = MappedValue(summary, field)) form[salesforce_name] = *value;
  }
  if (!form.count("first_name") && !form.count("last_name") && !summary.name.empty()) {
    size_t space = summary.name.rfind(' ');
    if (space == std::string::npos) {
      form["last_name"] = summary.name;
    } else {
      form["first_name"] = summary.name.substr(0, space);
      form["last_name"] = summary.name.substr(space + 1);
    }
  }
  if (!form.count("email") && !summary.email.empty()) form["email"] = summary.email;
  for (const auto& [source, salesforce_name] : destination.field_map) {
    if (auto value = MappedValue(summary, source)) form[salesforce_name] = *value;
  }
  form["oid"] = destination.oid;
  form["lead_source"] = destination.lead_source;
  form["description"] = EngagementSummary(summary);

  OutboundRequest request;
  request.url = destination.url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  for (const auto& [name, value] : form) {
    if (!request.body.empty()) request.body += '&';
    request.body += FormEncode(name) + "=" + FormEncode(value);
  }
  return request;
}

}  // namespace leadscore::server

#include "delivery_request.h"
#include "lead_summary.h"

namespace leadscore::server {
namespace {

using Json = nlohmann::json;

// Slack reads &, < and > as its own markup in message text.
std::string SlackEscape(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '&') escaped += "&amp;";
    else if (c == '<') escaped += "&lt;";
    else if (c == '>') escaped += "&gt;";
    else escaped += c;
  }
  return escaped;
}

std::string Bullets(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += "\n• " + SlackEscape(item);
  return text;
}

Json Section(const std::string& markdown) { return {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", markdown}}}}; }

}  // namespace

OutboundRequest SlackRequest(const Destination& destination, const LeadRecord& lead) {
  LeadSummary summary = SummarizeLead(lead);
  std::string who = summary.name.empty() ? summary.email : summary.name;
  std::string company = summary.company.empty() ? "" : " (" + summary.company + ")";
  std::string headline = "New " + summary.stage + " lead: " + who + company + ", score " + ScoreText(summary.total);

  std::string person = "*" + SlackEscape(who) + "*";
  if (!summary.email.empty() && who != summary.email) person += " · " + SlackEscape(summary.email);
  if (!summary.title.empty()) person += "\n" + SlackEscape(summary.title);
  if (!summary.company.empty()) person += (summary.title.empty() ? "\n" : " at ") + SlackEscape(summary.company);

  Json blocks = Json::array();
  blocks.push_back(Section(person));
  blocks.push_back({{"type", "section"},
                    {"fields",
                     {{{"type", "mrkdwn"}, {"text", "*Stage*\n" + SlackEscape(summary.stage)}},
                      {{"type", "mrkdwn"},
                       {"text", "*Score*\n" + ScoreText(summary.total) + " (grade " + SlackEscape(summary.grade) + ")"}}}}});
  if (!summary.top_reasons.empty()) blocks.push_back(Section("*Top reasons*" + Bullets(summary.top_reasons)));
  std::vector<std::string> read = summary.slides_read;
  read.insert(read.end(), summary.content_read.begin(), summary.content_read.end());
  if (!read.empty()) blocks.push_back(Section("*Read*" + Bullets(read)));
  blocks.push_back({{"type", "context"},
                    {"elements",
                     {{{"type", "mrkdwn"},
                       {"text", "Submitted " + UtcMinuteText(summary.submitted_at) + " on " + SlackEscape(summary.site)}}}}});

  Json body = {{"text", headline}, {"blocks", std::move(blocks)}};
  return JsonRequest(destination.url, body);
}

}  // namespace leadscore::server

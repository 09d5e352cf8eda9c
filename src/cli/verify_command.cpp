#include <cstdio>
#include <string>
#include <vector>

#include "command_line.h"
#include "commands.h"
#include "input_file.h"
#include "leadscore/verify.h"

namespace leadscore::cli {
namespace {

std::string FormatTotal(double total) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", total);
  return text;
}

}  // namespace

int RunVerifyCommand(const VerifyRequest& request) {
  Result<Config> config = io::LoadConfig(request.config_path);
  if (!config.ok()) return ReportInputErrors(config.errors());
  const std::string& payload_path = request.payload_path;
  Result<std::string> payload = io::ReadInput(payload_path);
  if (!payload.ok()) return ReportInputErrors(payload.errors());

  VerifyResult result = VerifyPayload(config.value(), payload.value());
  switch (result.status) {
    case VerifyStatus::kVerified:
      WriteOut("verified: " + result.lead_id + " (stage " + result.score.stage + ", total " +
               FormatTotal(result.score.total) + ")\n");
      return 0;
    case VerifyStatus::kRejected:
      WriteErr("rejected: " + result.code + ": " + result.errors.front().message + "\n");
      return 1;
    case VerifyStatus::kMalformed:
      break;
  }
  std::string problems;
  for (const Error& error : result.errors) problems += (problems.empty() ? "" : "; ") + error.ToString();
  WriteErr(io::DisplayName(payload_path) + ": " + problems + "\n");
  return 2;
}

}  // namespace leadscore::cli

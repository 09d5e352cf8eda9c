#include <cstdio>
#include <string>
#include <vector>

#include "command_line.h"
#include "commands.h"
#include "input_file.h"
#include "leadscore/verify.h"

namespace leadscore::cli {
namespace {

constexpr const char* kUsage =
    "Usage: leadscore verify --config CONFIG [PAYLOAD | -]\n"
    "\n"
    "Re-scores a received lead payload's events with CONFIG and checks its score, stage,\n"
    "qualification and plausibility. Without PAYLOAD, or with -, it is read from stdin.\n"
    "\n"
    "  exit 0  verified: \"verified: LEAD_ID (stage STAGE, total TOTAL)\" on stdout\n"
    "  exit 1  rejected: \"rejected: CODE: message\" on stderr\n"
    "  exit 2  malformed payload or bad config: \"FILE: $.json.path: message\" on stderr\n";

std::string FormatTotal(double total) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", total);
  return text;
}

}  // namespace

int RunVerifyCommand(int argc, char** argv) {
  Result<CommandLine> parsed = ParseCommandLine(std::vector<std::string>(argv, argv + argc),
                                                {{"--config", true}, {"--help", false}});
  if (!parsed.ok()) return UsageError("verify", parsed.errors().front().message);
  const CommandLine& line = parsed.value();
  if (line.Has("--help")) {
    WriteOut(kUsage);
    return 0;
  }
  if (!line.Has("--config")) return UsageError("verify", "missing --config CONFIG");
  if (line.operands.size() > 1) return UsageError("verify", "expected at most one PAYLOAD file");

  Result<Config> config = LoadConfig(line.options.at("--config"));
  if (!config.ok()) return ReportInputErrors(config.errors());
  std::string payload_path = line.operands.empty() ? "-" : line.operands[0];
  Result<std::string> payload = ReadInput(payload_path);
  if (!payload.ok()) return ReportInputErrors(payload.errors());

  VerifyResult result = VerifyPayload(config.value(), payload.value());
  switch (result.status) {
    case VerifyStatus::kVerified:
      WriteOut("verified: " + result.lead_id + " (stage " + result.score.stage + ", total " +
               FormatTotal(result.score.total) + ")\n");
      return 0;
    case VerifyStatus::kRejected:
      WriteErr("rejected: " + result.code + ": " + result.message + "\n");
      return 1;
    case VerifyStatus::kMalformed:
      break;
  }
  WriteErr(DisplayName(payload_path) + ": " + result.message + "\n");
  return 2;
}

}  // namespace leadscore::cli

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_cli.h"

namespace leadscore::cli_test {
namespace {

using Json = nlohmann::json;

// A payload exactly as the product builds it, so these tests follow the payload format.
std::string QualifiedPayload() {
  CliRun run = RunCli({"score", "--config", ExampleConfig(), "--payload",
                       Fixture("qualified_lead.jsonl")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.out;
}

CliRun Verify(const std::string& payload) {
  return RunCli({"verify", "--config", ExampleConfig(), "-"}, payload);
}

TEST(VerifyCommand, PayloadAsBuiltIsVerified) {
  std::string payload = QualifiedPayload();
  std::string lead_id = Json::parse(payload, nullptr, false).value("id", "");
  ASSERT_FALSE(lead_id.empty());
  CliRun run = Verify(payload);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "verified: " + lead_id + " (stage sql, total 105.00)\n");
  EXPECT_EQ(run.err, "");
}

// A 5 000-event session that consented at its start: `score --payload` builds a payload that
// still qualifies and stays small, and `verify` takes it.
TEST(VerifyCommand, AFiveThousandEventSessionIsDelivered) {
  std::string log = R"({"type":"visit","t":1700000000000})" "\n" R"({"type":"consent","t":1700000000000,"granted":true})" "\n";
  int64_t t = 1'700'000'000'000;
  for (int n = 0; n < 4995; ++n) {
    t += 1000;
    log += R"({"type":"page_view","t":)" + std::to_string(t) + R"(,"path":"/pricing/page-)" + std::to_string(n) + "\"}\n";
  }
  log += R"({"type":"form_view","t":)" + std::to_string(t + 1000) + R"(,"form":"lead"})" "\n";
  log += R"({"type":"form_start","t":)" + std::to_string(t + 2000) + R"(,"form":"lead"})" "\n";
  log += R"({"type":"form_submit","t":)" + std::to_string(t + 9000) +
         R"(,"form":"lead","fillMs":7000,"fields":{"email":"long@acme.io","job_title":"VP Marketing","company_size":"500"}})" "\n";
  CliRun built = RunCli({"score", "--config", ExampleConfig(), "--payload", "-"}, log);
  ASSERT_EQ(built.exit_code, 0) << built.err;
  EXPECT_LT(built.out.size(), 200u * 1024);
  CliRun run = Verify(built.out);
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

TEST(VerifyCommand, ReadsThePayloadFromAFileOrStdin) {
  std::string payload = QualifiedPayload();
  CliRun from_stdin = RunCli({"verify", "--config", ExampleConfig()}, payload);
  EXPECT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  CliRun from_dash = Verify(payload);
  EXPECT_EQ(from_stdin.out, from_dash.out);
}

TEST(VerifyCommand, RaisedScoreIsRejected) {
  Json payload = Json::parse(QualifiedPayload(), nullptr, false);
  ASSERT_TRUE(payload.is_object());
  payload["score"]["total"] = 150;
  CliRun run = Verify(payload.dump());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.rfind("rejected: score_mismatch: ", 0), 0u) << run.err;
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << "one line expected:\n" << run.err;
}

TEST(VerifyCommand, MalformedPayloadExits2) {
  CliRun not_json = Verify("{\"schema\": \"leadscore/lead@1\", ");
  EXPECT_EQ(not_json.exit_code, 2);
  EXPECT_EQ(not_json.out, "");
  EXPECT_EQ(not_json.err.rfind("<stdin>: ", 0), 0u) << not_json.err;

  Json payload = Json::parse(QualifiedPayload(), nullptr, false);
  payload["events"] = "none";
  CliRun wrong_type = Verify(payload.dump());
  EXPECT_EQ(wrong_type.exit_code, 2);
  EXPECT_EQ(wrong_type.err.rfind("<stdin>: $.events: ", 0), 0u) << wrong_type.err;
}

TEST(VerifyCommand, MissingPayloadFile) {
  std::string path = Fixture("no_such_payload.json");
  CliRun run = RunCli({"verify", "--config", ExampleConfig(), path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, path + ": cannot read: No such file or directory\n");
}

TEST(VerifyCommand, InvalidConfigExits2) {
  std::string config = Fixture("invalid_config.json");
  CliRun run = RunCli({"verify", "--config", config, "-"}, QualifiedPayload());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err.rfind(config + ": $.", 0), 0u) << run.err;
}

}  // namespace
}  // namespace leadscore::cli_test

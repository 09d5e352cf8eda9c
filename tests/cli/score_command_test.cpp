#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run_cli.h"

namespace leadscore::cli_test {
namespace {

using Json = nlohmann::json;

constexpr int64_t kLastEvent = 1700000095000;  // t of the form_submit in qualified_lead.*
constexpr int64_t kThirtyDays = 30LL * 86400000;

std::vector<std::string> ScoreArgs(const std::string& events) {
  return {"score", "--config", ExampleConfig(), events};
}

Json ParseOutput(const CliRun& run) {
  Json json = Json::parse(run.out, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << "stdout is not JSON:\n" << run.out;
  return json;
}

// The messages are written out here rather than taken from the core, so that a wrong message
// fails (docs/events.md says what each event may hold).
constexpr const char* kUnknownType = "$.type: unknown event type \"teleport\"";
constexpr const char* kNegativeMs = "$.ms: must be between 0 and 86400000";
constexpr const char* kDerived = "$.type: deck_complete is derived by leadscore and cannot be sent as an event";

// One error line as the CLI prints it for an event starting at `line`.
std::string EventError(const std::string& name, size_t line, const std::string& message) {
  return name + ":" + std::to_string(line) + ": " + message + "\n";
}

TEST(ScoreCommand, QualifiedLeadScoresAsWorkedOutByHand) {
  CliRun run = RunCli(ScoreArgs(Fixture("qualified_lead.jsonl")));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  Json score = ParseOutput(run);
  // Engagement: 2 pricing views (20) + returning visit (5) + 12 tour slides ≥ 5 s (24, capped at
  // 20) + tour completed at its 12th distinct slide (15) = 60; 95 s of decay is below 0.005.
  // Fit: business e-mail 10 + "VP" 20 + company size 500 ≥ 200 15 = 45.
  EXPECT_DOUBLE_EQ(score["engagement"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(score["fit"].get<double>(), 45);
  EXPECT_DOUBLE_EQ(score["total"].get<double>(), 105);
  EXPECT_EQ(score["stage"], "sql");
  EXPECT_EQ(score["grade"], "C");  // 45 / 100 ≥ 0.25
  EXPECT_EQ(score["qualified"], true);
  EXPECT_EQ(score["reasons"], Json::array());
  std::vector<std::string> rules;
  for (const Json& entry : score["breakdown"]) rules.push_back(entry["rule"]);
  EXPECT_EQ(rules, (std::vector<std::string>{"pricing", "tour-slides", "tour-done", "returning",
                                             "work-email", "senior", "size"}));
  EXPECT_EQ(score["breakdown"][1]["count"], 12);
  EXPECT_DOUBLE_EQ(score["breakdown"][1]["points"].get<double>(), 20);
  EXPECT_EQ(score["gates"], Json::parse(R"([{"id": "tour-gate", "locked": false}])"));
}

TEST(ScoreCommand, JsonArrayScoresLikeJsonLines) {
  CliRun lines = RunCli(ScoreArgs(Fixture("qualified_lead.jsonl")));
  CliRun array = RunCli(ScoreArgs(Fixture("qualified_lead.json")));
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  EXPECT_EQ(array.exit_code, 0) << array.err;
  EXPECT_EQ(array.out, lines.out);
}

TEST(ScoreCommand, ReadsStdinWithDashOrWithoutFile) {
  CliRun file = RunCli(ScoreArgs(Fixture("qualified_lead.jsonl")));
  CliRun dash = RunCli(ScoreArgs("-"), ReadFixture("qualified_lead.jsonl"));
  CliRun implicit = RunCli({"score", "--config", ExampleConfig()},
                           ReadFixture("qualified_lead.json"));
  ASSERT_EQ(file.exit_code, 0) << file.err;
  EXPECT_EQ(dash.exit_code, 0) << dash.err;
  EXPECT_EQ(implicit.exit_code, 0) << implicit.err;
  EXPECT_EQ(dash.out, file.out);
  EXPECT_EQ(implicit.out, file.out);
}

TEST(ScoreCommand, NowDecaysEngagementButNotFit) {
  std::string now = std::to_string(kLastEvent + kThirtyDays);
  CliRun run = RunCli({"score", "--config", ExampleConfig(), "--now", now,
                       Fixture("qualified_lead.jsonl")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Json score = ParseOutput(run);
  // One half-life later every occurrence is worth half: 10 + 12 (the cap applies after decay)
  // + 7.5 + 2.5 = 32; fit stays 45.
  EXPECT_DOUBLE_EQ(score["engagement"].get<double>(), 32);
  EXPECT_DOUBLE_EQ(score["fit"].get<double>(), 45);
  EXPECT_DOUBLE_EQ(score["total"].get<double>(), 77);
  EXPECT_EQ(score["stage"], "mql");

  CliRun equals_form = RunCli({"score", "--config=" + ExampleConfig(), "--now=" + now,
                               Fixture("qualified_lead.jsonl")});
  EXPECT_EQ(equals_form.out, run.out);
}

TEST(ScoreCommand, NowMustBeAnInteger) {
  CliRun run = RunCli({"score", "--config", ExampleConfig(), "--now", "yesterday",
                       Fixture("qualified_lead.jsonl")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err,
            "leadscore score: --now: expected an integer (ms since the Unix epoch), got "
            "'yesterday' (see 'leadscore score --help')\n");
}

TEST(ScoreCommand, PayloadOfAQualifiedLead) {
  CliRun run = RunCli({"score", "--config", ExampleConfig(), "--payload",
                       Fixture("qualified_lead.jsonl")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  Json payload = ParseOutput(run);
  EXPECT_EQ(payload["schema"], "leadscore/lead@1");
  EXPECT_EQ(payload["site"], "example.com");
  EXPECT_EQ(payload["revision"], "2026-11-a");
  EXPECT_EQ(payload["lead"]["email"], "jane@acme.io");
  EXPECT_EQ(payload["score"]["stage"], "sql");
  EXPECT_DOUBLE_EQ(payload["score"]["total"].get<double>(), 105);
  EXPECT_EQ(payload["context"]["visits"], 2);
  EXPECT_EQ(payload["events"].size(), 20u);  // input events only, none derived
  EXPECT_TRUE(payload["id"].is_string() && !payload["id"].get<std::string>().empty());
}

TEST(ScoreCommand, PayloadOfAnUnqualifiedVisitorExits3) {
  CliRun run = RunCli({"score", "--config", ExampleConfig(), "--payload",
                       Fixture("anonymous_visitor.jsonl")});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "not qualified: no_email, below_stage, no_consent\n");
}

TEST(ScoreCommand, EveryBadJsonLineIsReportedWithItsLine) {
  std::string path = Fixture("bad_events.jsonl");
  CliRun run = RunCli(ScoreArgs(path));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  std::string expected = EventError(path, 3, kUnknownType) + EventError(path, 5, kNegativeMs) +
                         EventError(path, 6, kDerived);
  // Line 7 is not JSON: the parser's own words follow the position.
  ASSERT_EQ(run.err.rfind(expected, 0), 0u) << run.err;
  std::string last = run.err.substr(expected.size());
  EXPECT_EQ(last.rfind(path + ":7: $: parse error at line 1, column 2: ", 0), 0u) << last;
  EXPECT_EQ(last.find('\n'), last.size() - 1) << last;
}

TEST(ScoreCommand, EveryBadArrayElementIsReportedWithTheLineItStartsOn) {
  std::string path = Fixture("bad_events.json");
  CliRun run = RunCli(ScoreArgs(path));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, EventError(path, 3, kUnknownType) + EventError(path, 9, kNegativeMs) +
                         EventError(path, 11, kDerived) + EventError(path, 12, "$: expected an event object"));
}

// A page view 1 s after the previous one; a bad one has a number for its path.
std::string PageView(int line, bool bad) {
  return "{\"type\":\"page_view\",\"t\":" + std::to_string(1700000000000 + line * 1000LL) +
         (bad ? ",\"path\":7}" : ",\"path\":\"/pricing\"}");
}

// Large logs are parsed on several threads: results and errors must still come in log order.
TEST(ScoreCommand, LargeLogKeepsLogOrder) {
  constexpr int kEvents = 30000;
  const std::vector<int> bad_lines = {5, 12345, 29999};
  auto is_bad = [&](int line) {
    return std::find(bad_lines.begin(), bad_lines.end(), line) != bad_lines.end();
  };
  std::string lines, array = "[\n", good;
  for (int line = 1; line <= kEvents; ++line) {
    lines += PageView(line, is_bad(line)) + "\n";
    array += PageView(line, is_bad(line)) + (line < kEvents ? ",\n" : "\n]\n");
    good += PageView(line, false) + "\n";
  }
  std::string expected_lines, expected_array;
  for (int line : bad_lines) {
    expected_lines += EventError("<stdin>", line, "$.path: expected a string");
    expected_array += EventError("<stdin>", line + 1, "$.path: expected a string");  // after "["
  }

  CliRun from_lines = RunCli(ScoreArgs("-"), lines);
  EXPECT_EQ(from_lines.exit_code, 2);
  EXPECT_EQ(from_lines.out, "");
  EXPECT_EQ(from_lines.err, expected_lines);
  CliRun from_array = RunCli(ScoreArgs("-"), array);
  EXPECT_EQ(from_array.exit_code, 2);
  EXPECT_EQ(from_array.err, expected_array);

  // The pricing rule keeps its 3 most recent views, all within 3 s of the last event.
  CliRun run = RunCli(ScoreArgs("-"), good);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Json score = ParseOutput(run);
  EXPECT_EQ(score["breakdown"][0]["rule"], "pricing");
  EXPECT_EQ(score["breakdown"][0]["count"], 3);
  EXPECT_DOUBLE_EQ(score["engagement"].get<double>(), 30);
}

TEST(ScoreCommand, BadEventsFromStdinAreNamedStdin) {
  CliRun run = RunCli(ScoreArgs("-"), "{\"type\":\"visit\",\"t\":1}\n{\"type\":\"visit\"}\n");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, EventError("<stdin>", 2, "$.t: is required"));
}

TEST(ScoreCommand, BrokenArrayStructureIsReported) {
  CliRun run = RunCli(ScoreArgs("-"), "[\n  {\"type\": \"visit\", \"t\": 1},\n");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "<stdin>:3: unterminated array: expected ']'\n");
}

TEST(ScoreCommand, DeeplyNestedInputIsAnErrorNotACrash) {
  std::string deep = std::string(200000, '[') + std::string(200000, ']') + "\n";
  CliRun as_array = RunCli(ScoreArgs("-"), deep);
  EXPECT_EQ(as_array.exit_code, 2);
  EXPECT_EQ(as_array.out, "");
  EXPECT_EQ(as_array.err.rfind("<stdin>:1: $: ", 0), 0u) << as_array.err.substr(0, 200);

  CliRun in_an_event = RunCli(ScoreArgs("-"), "{\"type\":" + deep.substr(0, deep.size() - 1) + "}\n");
  EXPECT_EQ(in_an_event.exit_code, 2);
  EXPECT_EQ(in_an_event.err.rfind("<stdin>:1: $.type: ", 0), 0u) << in_an_event.err.substr(0, 200);
}

TEST(ScoreCommand, MissingEventsFile) {
  std::string path = Fixture("no_such_events.jsonl");
  CliRun run = RunCli(ScoreArgs(path));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, path + ": cannot read: No such file or directory\n");
}

TEST(ScoreCommand, InvalidConfigIsReportedBeforeEvents) {
  std::string config = Fixture("not_json.json");
  CliRun run = RunCli({"score", "--config", config, Fixture("qualified_lead.jsonl")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.rfind(config + ": ", 0), 0u) << run.err;
}

TEST(ScoreCommand, ConfigIsRequired) {
  CliRun run = RunCli({"score", Fixture("qualified_lead.jsonl")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "leadscore score: --config is required (see 'leadscore score --help')\n");
}

}  // namespace
}  // namespace leadscore::cli_test

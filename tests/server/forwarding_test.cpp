// `leadscore serve --forward` against receivers on 127.0.0.1: each format as its vendor documents
// it, retries, restarts, and a bad forwarding file.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <thread>

#include "forward/webhook_signature.h"
#include "lead_fixtures.h"
#include "postgres_instance.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kToken = "forwarding-admin-token";
constexpr const char* kSecret = "whsec-forwarding-test";

// A receiver that records every request and answers from a script: the first answers in
// `script`, then 200.
class Receiver {
 public:
  struct Answer {
    int status = 200;
    std::string retry_after;
  };
  struct Received {
    httplib::Request request;
    Clock::time_point at;
  };

  explicit Receiver(std::vector<Answer> script = {}, int port = 0) : script_(std::move(script)) {
    server_.Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
      Answer answer;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.push_back(Received{request, Clock::now()});
        if (next_ < script_.size()) answer = script_[next_++];
      }
      changed_.notify_all();
      response.status = answer.status;
      if (!answer.retry_after.empty()) response.set_header("Retry-After", answer.retry_after);
      response.set_content(answer.status < 300 ? "{\"ok\":true}" : "{\"error\":\"refused by the test\"}",
                           "application/json");
    });
    port_ = port ? (server_.bind_to_port("127.0.0.1", port) ? port : -1) : server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (port_ > 0 && !server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string Url(const std::string& path = "/hook") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  /// Waits up to `seconds` for `count` requests; returns what came.
  std::vector<Received> WaitFor(size_t count, int seconds = 20) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(seconds), [&] { return received_.size() >= count; });
    return received_;
  }

  std::vector<Received> Requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  std::vector<Answer> script_;
  size_t next_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> received_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

class ForwardingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("leadscore-forward");
    config_ = WriteFile(dir_, "config.json", TestConfigJson());
    database_ = {"--db", dir_ + "/leads.db"};
  }
  void TearDown() override {
    collector_.reset();
    RemoveTree(dir_);
  }

  std::string ForwardFile(const Json& destinations, int64_t initial_ms = 50, int64_t max_attempts = 5) {
    // `{object}` in a brace list is the object itself, not an array of one.
    Json list = destinations.is_array() ? destinations : Json::array({destinations});
    Json file = {{"destinations", list},
                 {"retry", {{"initialMs", initial_ms}, {"maxMs", initial_ms * 4}, {"maxAttempts", max_attempts}}}};
    return WriteFile(dir_, "forward.json", file.dump(2));
  }

  Json Webhook(const Receiver& receiver) {
    return {{"id", "crm-hook"}, {"type", "webhook"}, {"url", receiver.Url()}, {"secretEnv", "TEST_HOOK_SECRET"}};
  }

  void Start(const std::string& forward_file) {
    collector_.reset();
    std::vector<std::string> args = {"--config", config_, "--admin-token", kToken, "--rate-limit", "0",
                                     "--forward", forward_file};
    args.insert(args.end(), database_.begin(), database_.end());
    std::string error;
    collector_ = CollectorProcess::Start(args, error, {{"TEST_HOOK_SECRET", kSecret}});
    ASSERT_NE(nullptr, collector_) << error;
  }

  std::string PostLead(const std::string& email, int port = 0) {
    httplib::Client client("127.0.0.1", port ? port : collector_->port());
    std::string payload = GenuinePayload(email);
    auto result = client.Post("/leads", payload, "application/json");
    EXPECT_TRUE(result);
    if (!result) return "";
    EXPECT_EQ(201, result->status) << result->body;
    return Json::parse(result->body, nullptr, false).value("id", "");
  }

  Json ListedLeads() {
    httplib::Client client("127.0.0.1", collector_->port());
    auto result = client.Get("/leads", {{"Authorization", std::string("Bearer ") + kToken}});
    EXPECT_TRUE(result);
    if (!result) return Json();
    EXPECT_EQ(200, result->status) << result->body;
    return Json::parse(result->body, nullptr, false)["leads"];
  }

  // Waits until the lead's only delivery reaches `state`; returns it.
  Json WaitForDelivery(const std::string& state, int seconds = 20) {
    Json delivery;
    auto deadline = Clock::now() + std::chrono::seconds(seconds);
    while (Clock::now() < deadline) {
      Json leads = ListedLeads();
      if (leads.is_array() && !leads.empty() && leads[0]["deliveries"].size() == 1) {
        delivery = leads[0]["deliveries"][0];
        if (delivery["state"] == state) return delivery;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the delivery never became " << state << ": " << delivery;
    return delivery;
  }

  std::string dir_;
  std::string config_;
  std::vector<std::string> database_;
  std::unique_ptr<CollectorProcess> collector_;
};

TEST_F(ForwardingTest, WebhookBodyIsTheListedLeadSignedWithTheSecret) {
  Receiver receiver;
  Start(ForwardFile({Webhook(receiver)}));
  std::string id = PostLead("jane@acme.com");
  auto received = receiver.WaitFor(1);
  ASSERT_EQ(1u, received.size());
  const httplib::Request& request = received[0].request;
  EXPECT_EQ("/hook", request.path);
  EXPECT_EQ("application/json", request.get_header_value("Content-Type"));
  EXPECT_EQ(id, request.get_header_value("Idempotency-Key"));

  std::string signature = request.get_header_value("Leadscore-Signature");
  ASSERT_EQ(0u, signature.find("t=")) << signature;
  std::string t = signature.substr(2, signature.find(',') - 2);
  EXPECT_EQ("t=" + t + ",v1=" + HmacSha256Hex(kSecret, t + "." + request.body), signature);
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(std::abs(now - std::stoll(t)), 60);

  Json delivery = WaitForDelivery("delivered");
  EXPECT_EQ("crm-hook", delivery["destination"]);
  EXPECT_EQ(1, delivery["attempts"]);
  EXPECT_EQ(200, delivery["lastStatus"]);
  EXPECT_TRUE(delivery["deliveredAt"].is_number());
  // The webhook carries one submission; the list adds the person's submissions and deliveries.
  Json listed = ListedLeads()[0];
  listed.erase("deliveries");
  listed.erase("submissions");
  EXPECT_EQ(listed, Json::parse(request.body));
}

// How the scheduler treats one thread (Linux /proc, proc(5)).
struct ThreadPriority {
  int nice = 0;
  int policy = 0;  // SCHED_OTHER, SCHED_BATCH, ...
};

// Each thread of a process by name.
std::multimap<std::string, ThreadPriority> ThreadPriorities(pid_t pid) {
  std::multimap<std::string, ThreadPriority> threads;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::string stat = ReadWholeFile(task.path() / "stat");
    size_t open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    // After the name come fields 3 (state) onwards: nice is field 19, policy field 41.
    std::istringstream rest(stat.substr(close + 2));
    std::vector<std::string> fields(3);
    for (std::string field; rest >> field;) fields.push_back(field);
    if (fields.size() <= 41) continue;
    threads.emplace(stat.substr(open + 1, close - open - 1), ThreadPriority{std::stoi(fields[19]), std::stoi(fields[41])});
  }
  return threads;
}

TEST_F(ForwardingTest, TheSendersRunBelowTheIntakesPriorityAndTheDispatcherAtIt) {
  Receiver receiver;
  Start(ForwardFile({Webhook(receiver)}));
  PostLead("jane@acme.com");
  WaitForDelivery("delivered");
  auto threads = ThreadPriorities(collector_->pid());
  ASSERT_GE(threads.count("leadscore"), 1u);  // the intake's threads, named after the program
  ThreadPriority intake = threads.find("leadscore")->second;
  ASSERT_EQ(4u, threads.count("ls-send"));
  for (auto [sender, end] = threads.equal_range("ls-send"); sender != end; ++sender) {
    EXPECT_EQ(std::min(intake.nice + 10, 19), sender->second.nice);
    EXPECT_EQ(intake.policy, sender->second.policy);
  }
  // It shares the database's writer with the intake: a set-aside thread holding it would hold up leads.
  ASSERT_EQ(1u, threads.count("ls-deliver"));
  EXPECT_EQ(intake.nice, threads.find("ls-deliver")->second.nice);
}

TEST_F(ForwardingTest, AReceiverThatFailsTwiceGetsTheLeadExactlyOnce) {
  Receiver receiver({{503, ""}, {500, ""}});
  Start(ForwardFile({Webhook(receiver)}));
  std::string id = PostLead("jane@acme.com");
  Json delivery = WaitForDelivery("delivered");
  EXPECT_EQ(3, delivery["attempts"]);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // long enough for a wrong extra attempt
  auto received = receiver.Requests();
  ASSERT_EQ(3u, received.size());
  for (const auto& each : received) EXPECT_EQ(id, each.request.get_header_value("Idempotency-Key"));
  EXPECT_EQ(received[0].request.body, received[2].request.body);
}

TEST_F(ForwardingTest, AReceiverDownAcrossARestartGetsTheLeadOnceAfterwards) {
  int port = FreeLoopbackPort();
  Json hook = {{"id", "crm-hook"}, {"type", "webhook"}, {"url", "http://127.0.0.1:" + std::to_string(port) + "/hook"},
               {"secretEnv", "TEST_HOOK_SECRET"}};
  std::string forward = ForwardFile({hook}, 100, 50);
  Start(forward);
  PostLead("jane@acme.com");
  Json delivery = WaitForDelivery("pending");
  ASSERT_EQ(0, collector_->Stop(SIGTERM));
  collector_.reset();

  Receiver receiver({}, port);
  ASSERT_EQ(port, receiver.port());
  Start(forward);
  EXPECT_EQ(1u, receiver.WaitFor(1).size());
  WaitForDelivery("delivered");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(1u, receiver.Requests().size());
}

TEST_F(ForwardingTest, A400FailsAtOnceWithTheAnswerKeptAndCanBeRequeued) {
  Receiver receiver({{400, ""}});
  Start(ForwardFile({Webhook(receiver)}));
  std::string id = PostLead("jane@acme.com");
  Json delivery = WaitForDelivery("failed");
  EXPECT_EQ(1, delivery["attempts"]);
  EXPECT_EQ(400, delivery["lastStatus"]);
  EXPECT_EQ("{\"error\":\"refused by the test\"}", delivery["lastError"]);
  EXPECT_EQ(1u, receiver.Requests().size());

  httplib::Client client("127.0.0.1", collector_->port());
  httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kToken}};
  auto requeued = client.Post(("/leads/" + id + "/deliveries/crm-hook/retry").c_str(), auth, "", "application/json");
  ASSERT_TRUE(requeued);
  EXPECT_EQ(202, requeued->status) << requeued->body;
  WaitForDelivery("delivered");
  EXPECT_EQ(2u, receiver.Requests().size());
  auto again = client.Post(("/leads/" + id + "/deliveries/crm-hook/retry").c_str(), auth, "", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(404, again->status);
  auto unauthorized = client.Post(("/leads/" + id + "/deliveries/crm-hook/retry").c_str(), "", "application/json");
  ASSERT_TRUE(unauthorized);
  EXPECT_EQ(401, unauthorized->status);
}

TEST_F(ForwardingTest, A429WaitsForRetryAfter) {
  Receiver receiver({{429, "1"}});
  Start(ForwardFile({Webhook(receiver)}));
  PostLead("jane@acme.com");
  auto received = receiver.WaitFor(2);
  ASSERT_EQ(2u, received.size());
  EXPECT_GE(received[1].at - received[0].at, std::chrono::milliseconds(950));
  WaitForDelivery("delivered");
}

TEST_F(ForwardingTest, HubspotSalesforceAndSlackGetTheirDocumentedShapes) {
  Receiver receiver;
  Json destinations = {
      {{"id", "hubspot"}, {"type", "hubspot"}, {"portalId", "123456"}, {"formGuid", "form-guid"},
       {"url", "http://127.0.0.1:" + std::to_string(receiver.port())},
       {"fieldMap", {{"email", "email"}, {"job_title", "jobtitle"}, {"$score", "leadscore_score"}, {"$stage", "leadscore_stage"}}}},
      {{"id", "salesforce"}, {"type", "salesforce"}, {"oid", "00D000000000001"}, {"leadSource", "Website"},
       {"url", "http://127.0.0.1:" + std::to_string(receiver.port())}},
      {{"id", "sales-chat"}, {"type", "slack"}, {"urlEnv", "TEST_SLACK_URL"}}};
  std::string forward = ForwardFile(destinations);
  std::vector<std::string> args = {"--config", config_, "--admin-token", kToken, "--forward", forward};
  args.insert(args.end(), database_.begin(), database_.end());
  std::string error;
  collector_ = CollectorProcess::Start(args, error, {{"TEST_SLACK_URL", receiver.Url("/services/T0/B0/x")}});
  ASSERT_NE(nullptr, collector_) << error;
  PostLead("jane@acme.com");
  auto received = receiver.WaitFor(3);
  ASSERT_EQ(3u, received.size());
  std::map<std::string, httplib::Request> by_path;
  for (const auto& each : received) by_path[each.request.path] = each.request;

  const httplib::Request& hubspot = by_path["/submissions/v3/integration/submit/123456/form-guid"];
  EXPECT_EQ("application/json", hubspot.get_header_value("Content-Type"));
  Json form = Json::parse(hubspot.body, nullptr, false);
  ASSERT_TRUE(form.is_object()) << hubspot.body;
  EXPECT_TRUE(form["submittedAt"].is_string());
  // Fields come in the order of the map's lead-field names.
  Json listed = ListedLeads()[0];
  EXPECT_EQ((Json{{{"objectTypeId", "0-1"}, {"name", "leadscore_score"}, {"value", form["fields"][0]["value"]}},
                  {{"objectTypeId", "0-1"}, {"name", "leadscore_stage"}, {"value", listed["stage"]}},
                  {{"objectTypeId", "0-1"}, {"name", "email"}, {"value", "jane@acme.com"}},
                  {{"objectTypeId", "0-1"}, {"name", "jobtitle"}, {"value", "Head of Growth"}}}),
            form["fields"]);
  ASSERT_TRUE(form["fields"][0]["value"].is_string());
  EXPECT_DOUBLE_EQ(listed["total"].get<double>(), std::stod(form["fields"][0]["value"].get<std::string>()));
  EXPECT_EQ("https://example.com/pricing", form["context"]["pageUri"]);
  EXPECT_EQ(true, form["legalConsentOptions"]["consent"]["consentToProcess"]);

  const httplib::Request& salesforce = by_path["/servlet/servlet.WebToLead"];
  EXPECT_EQ("UTF-8", salesforce.get_param_value("encoding"));
  EXPECT_EQ("application/x-www-form-urlencoded", salesforce.get_header_value("Content-Type"));
  httplib::Params fields;
  httplib::detail::parse_query_text(salesforce.body, fields);
  EXPECT_EQ("00D000000000001", fields.find("oid")->second);
  EXPECT_EQ("Website", fields.find("lead_source")->second);
  EXPECT_EQ("jane@acme.com", fields.find("email")->second);
  EXPECT_EQ("Head of Growth", fields.find("title")->second);
  EXPECT_EQ(0u, fields.find("description")->second.find("Leadscore: stage ")) << fields.find("description")->second;
  EXPECT_NE(std::string::npos, fields.find("description")->second.find("tour: 6 of 14 slides, 36 s"));

  const httplib::Request& slack = by_path["/services/T0/B0/x"];
  Json message = Json::parse(slack.body, nullptr, false);
  ASSERT_TRUE(message.is_object()) << slack.body;
  EXPECT_EQ(0u, message["text"].get<std::string>().find("New ")) << message["text"];
  EXPECT_TRUE(message["blocks"].is_array());
  EXPECT_NE(std::string::npos, slack.body.find("jane@acme.com"));

  auto deadline = Clock::now() + std::chrono::seconds(10);
  Json deliveries;
  while (Clock::now() < deadline) {
    deliveries = ListedLeads()[0]["deliveries"];
    bool all = deliveries.size() == 3;
    for (const Json& each : deliveries) all = all && each["state"] == "delivered";
    if (all) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(3u, deliveries.size()) << deliveries;
}

TEST_F(ForwardingTest, ABadForwardingFileIsRefusedWithItsJsonPath) {
  std::string bad = WriteFile(dir_, "bad.json", R"({"destinations": [{"id": "x", "type": "webhook", "url": "https://h.example", "secretEnv": "TEST_HOOK_SECRET", "sceret": 1}]})");
  CollectorRun run = RunCollector({"--config", config_, "--db", dir_ + "/leads.db", "--forward", bad});
  EXPECT_EQ(2, run.exit_code);
  EXPECT_NE(std::string::npos, run.err.find("leadscore serve: " + bad + ": $.destinations[0].sceret: unknown key"))
      << run.err;
}

// The code block that follows `<!-- snippet: NAME -->` in docs/forwarding.md.
std::string DocSnippet(const std::string& name) {
  std::ifstream file(std::string(LEADSCORE_DOCS_DIR) + "/forwarding.md");
  std::stringstream text;
  text << file.rdbuf();
  std::string doc = text.str();
  size_t marker = doc.find("<!-- snippet: " + name + " -->");
  if (marker == std::string::npos) return "";
  size_t start = doc.find('\n', doc.find("```", marker)) + 1;
  return doc.substr(start, doc.find("```", start) - start);
}

// Runs a shell command; its stdout and stderr together, and its exit code.
std::string RunShell(const std::string& command, int& exit_code) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string output;
  char buffer[512];
  while (pipe && fgets(buffer, sizeof buffer, pipe)) output += buffer;
  int status = pipe ? pclose(pipe) : -1;
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

TEST_F(ForwardingTest, TheDocumentedNodeAndPythonVerifiersAcceptARealDeliveryAndNothingElse) {
  Receiver receiver;
  Start(ForwardFile({Webhook(receiver)}));
  PostLead("jane@acme.com");
  auto received = receiver.WaitFor(1);
  ASSERT_EQ(1u, received.size());
  std::string body = WriteFile(dir_, "body.json", received[0].request.body);
  std::string tampered = WriteFile(dir_, "tampered.json", received[0].request.body + " ");
  std::string signature = received[0].request.get_header_value("Leadscore-Signature");

  std::string node = DocSnippet("verify-node");
  std::string python = DocSnippet("verify-python");
  ASSERT_NE("", node);
  ASSERT_NE("", python);
  std::string node_script = WriteFile(dir_, "verify.mjs", node + R"(
import { readFileSync } from "node:fs";
const [secret, header, ...files] = process.argv.slice(2);
for (const file of files) console.log(verifyLeadscoreSignature(secret, header, readFileSync(file)));
)");
  std::string python_script = WriteFile(dir_, "verify.py", python + R"(
import sys
secret, header, *files = sys.argv[1:]
for name in files:
    with open(name, "rb") as file:
        print(verify_leadscore_signature(secret, header, file.read()))
)");
  std::string arguments = " '" + signature + "' '" + body + "' '" + tampered + "'";
  int exit_code = -1;
  EXPECT_EQ("true\nfalse\n", RunShell("node '" + node_script + "' '" + kSecret + "'" + arguments, exit_code));
  EXPECT_EQ(0, exit_code);
  EXPECT_EQ("false\n", RunShell("node '" + node_script + "' wrong-secret '" + signature + "' '" + body + "'", exit_code));
  EXPECT_EQ("True\nFalse\n", RunShell("python3 '" + python_script + "' '" + kSecret + "'" + arguments, exit_code));
  EXPECT_EQ(0, exit_code);
  EXPECT_EQ("False\n", RunShell("python3 '" + python_script + "' wrong-secret '" + signature + "' '" + body + "'", exit_code));
  // A signature from long ago is refused: a replay.
  std::string old = "t=1000000000,v1=" + HmacSha256Hex(kSecret, "1000000000." + received[0].request.body);
  EXPECT_EQ("false\n", RunShell("node '" + node_script + "' '" + kSecret + "' '" + old + "' '" + body + "'", exit_code));
  EXPECT_EQ("False\n", RunShell("python3 '" + python_script + "' '" + kSecret + "' '" + old + "' '" + body + "'", exit_code));
}

// Runs `leadscore validate --forward FILE` with the hook secret set; stdout and stderr together.
std::string ValidateForward(const std::string& path, int& exit_code) {
  return RunShell(std::string("TEST_HOOK_SECRET=x '") + LEADSCORE_BINARY + "' validate --forward '" + path + "'", exit_code);
}

TEST_F(ForwardingTest, ValidateForwardChecksTheFileAsServeWould) {
  int exit_code = -1;
  std::string good = WriteFile(dir_, "good.json", R"({"destinations": [{"id": "crm-hook", "type": "webhook", "url": "https://h.example/x", "secretEnv": "TEST_HOOK_SECRET"}, {"id": "chat", "type": "slack", "url": "https://hooks.slack.com/services/x"}]})");
  EXPECT_EQ(good + ": ok (2 destinations: crm-hook webhook, chat slack)\n", ValidateForward(good, exit_code));
  EXPECT_EQ(0, exit_code);
  std::string bad = WriteFile(dir_, "bad.json", R"({"destinations": [{"id": "crm-hook", "type": "webhook", "url": "https://h.example/x", "secretEnv": "UNSET_SECRET_VARIABLE"}], "retry": {"maxAttempts": "many"}})");
  EXPECT_EQ(bad + ": $.destinations[0].secretEnv: the environment variable UNSET_SECRET_VARIABLE is not set\n" + bad +
                ": $.retry.maxAttempts: expected an integer\n",
            ValidateForward(bad, exit_code));
  EXPECT_EQ(2, exit_code);
}

TEST_F(ForwardingTest, TwoCollectorsOnOnePostgresSendEachDeliveryOnce) {
  std::string error;
  PostgresInstance* postgres = SharedPostgres(error);
  ASSERT_NE(nullptr, postgres) << error;
  std::string url = postgres->CreateDatabase("forward_" + std::to_string(getpid()), error);
  ASSERT_FALSE(url.empty()) << error;
  database_ = {"--postgres", url};
  Receiver receiver;
  std::string forward = ForwardFile({Webhook(receiver)});
  Start(forward);
  std::unique_ptr<CollectorProcess> first = std::move(collector_);
  Start(forward);
  std::unique_ptr<CollectorProcess> second = std::move(collector_);
  constexpr int kLeads = 20;
  for (int n = 0; n < kLeads; ++n) PostLead("p" + std::to_string(n) + "@acme.com", (n % 2 ? first : second)->port());
  receiver.WaitFor(kLeads);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::set<std::string> keys;
  for (const auto& each : receiver.Requests()) keys.insert(each.request.get_header_value("Idempotency-Key"));
  EXPECT_EQ(static_cast<size_t>(kLeads), keys.size());
  EXPECT_EQ(static_cast<size_t>(kLeads), receiver.Requests().size());
}

}  // namespace
}  // namespace leadscore::server::testing

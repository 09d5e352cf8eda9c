// Malformed values inside a lead payload, posted to the real collector: each is refused with a
// status and a reason (400 with the JSON path of the value, or 413 for a body over the limit),
// nothing is stored, and a genuine lead is still stored afterwards. Raw connections, so a body
// the collector refuses before reading it all still gets its answer read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "lead_fixtures.h"
#include "raw_http.h"
#include "test_collector.h"

namespace leadscore::server::testing {
namespace {

using Json = nlohmann::json;

constexpr std::chrono::milliseconds kPatience{10000};
constexpr const char* kJobTitle = R"("job_title":"Head of Growth")";

struct Answer {
  int status = 0;
  Json body;
  std::string raw;
};

std::string PostRequest(const std::string& body) {
  return "POST /leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// `payload` with the first `member` in its events (not in its lead or context) replaced by
// `replacement` (raw JSON text).
std::string InEvents(std::string payload, const std::string& member, const std::string& replacement) {
  size_t at = payload.find(member, payload.find(R"("events":)"));
  EXPECT_NE(std::string::npos, at) << payload;
  if (at == std::string::npos) return payload;
  return payload.replace(at, member.size(), replacement);
}

// A genuine payload whose form_submit event's job_title is `value` (raw JSON text).
std::string WithJobTitle(const std::string& email, const std::string& value) {
  return InEvents(GenuinePayload(email), kJobTitle, "\"job_title\":" + value);
}

class MalformedValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    collector_ = TestCollector::Start(Backend::kSqlite, {"--rate-limit", "0"});
    ASSERT_NE(nullptr, collector_);
  }

  Answer Post(const std::string& body) {
    Answer answer;
    answer.raw = RawExchange(collector_->port(), PostRequest(body), kPatience);
    answer.status = StatusOf(answer.raw);
    answer.body = Json::parse(BodyOf(answer.raw), nullptr, false);
    return answer;
  }

  // Refused with 400 and a reason in valid JSON: the value's place in the payload (a path ending
  // in `path_end`) and a message that says `says`.
  void ExpectMalformed(const std::string& body, const std::string& path_end, const std::string& says) {
    Answer answer = Post(body);
    ASSERT_EQ(400, answer.status) << answer.raw.substr(0, 600);
    ASSERT_FALSE(answer.body.is_discarded()) << BodyOf(answer.raw).substr(0, 600);
    EXPECT_EQ("malformed", answer.body.value("error", "")) << answer.body;
    std::string path = answer.body.value("path", "");
    EXPECT_TRUE(path.size() >= path_end.size() && path.compare(path.size() - path_end.size(), path_end.size(), path_end) == 0)
        << answer.body;
    EXPECT_NE(std::string::npos, answer.body.value("message", "").find(says)) << answer.body;
  }

  void ExpectNothingStoredAndStillServing() {
    EXPECT_EQ(0, collector_->CountRows());
    Answer genuine = Post(GenuinePayload("after@acme.com"));
    EXPECT_EQ(201, genuine.status) << genuine.raw.substr(0, 600);
  }

  std::unique_ptr<TestCollector> collector_;
};

TEST_F(MalformedValuesTest, DeeplyNestedFormFieldGets400WithItsPath) {
  // 100 000 levels: well within the body limit, far past any parser's stack.
  constexpr size_t kDepth = 100000;
  ExpectMalformed(WithJobTitle("deep@acme.com", std::string(kDepth, '[') + std::string(kDepth, ']')),
                  "].fields.job_title", "expected a string or a number");
  std::string objects;
  for (size_t n = 0; n < kDepth / 5; ++n) objects += "{\"a\":";
  objects += "1" + std::string(kDepth / 5, '}');
  ExpectMalformed(WithJobTitle("deep-object@acme.com", objects), "].fields.job_title", "expected a string or a number");
  ExpectNothingStoredAndStillServing();
}

TEST_F(MalformedValuesTest, DeeplyNestedEventValueGets400WithItsPath) {
  constexpr size_t kDepth = 100000;
  ExpectMalformed(InEvents(GenuinePayload("deep-event@acme.com"), R"("path":"/pricing/teams")",
                           "\"path\":" + std::string(kDepth, '[') + std::string(kDepth, ']')),
                  "].path", "expected a string");
  ExpectNothingStoredAndStillServing();
}

TEST_F(MalformedValuesTest, LoneSurrogatesGet400) {
  ExpectMalformed(WithJobTitle("high@acme.com", R"("Head \ud800 of Growth")"), "$", "surrogate");
  ExpectMalformed(WithJobTitle("low@acme.com", R"("Head \udc00 of Growth")"), "$", "surrogate");
  ExpectMalformed(WithJobTitle("reversed@acme.com", R"("\udc00\ud800")"), "$", "surrogate");
  ExpectNothingStoredAndStillServing();
}

TEST_F(MalformedValuesTest, InvalidUtf8Gets400) {
  // Not UTF-8 at all, an overlong '/', an encoded surrogate, a cut sequence, past U+10FFFF. The
  // reason quotes what it read, still as valid JSON.
  for (const std::string bytes : {"\xff\xfe", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80"}) {
    ExpectMalformed(WithJobTitle("bytes@acme.com", "\"Head " + bytes + " of Growth\""), "$", "UTF-8");
  }
  ExpectNothingStoredAndStillServing();
}

TEST_F(MalformedValuesTest, AHugeFieldGets413) {
  // 300 KiB fits in the loopback buffers; 32 MiB is still being sent when the collector answers
  // and closes, and its sender still reads the answer.
  for (size_t size : {size_t{300} << 10, size_t{32} << 20}) {
    Answer answer = Post(WithJobTitle("huge@acme.com", "\"" + std::string(size, 'x') + "\""));
    ASSERT_EQ(413, answer.status) << size << " bytes: " << answer.raw.substr(0, 600);
    EXPECT_EQ("payload_too_large", answer.body.value("error", "")) << answer.body;
  }
  ExpectNothingStoredAndStillServing();
}

}  // namespace
}  // namespace leadscore::server::testing

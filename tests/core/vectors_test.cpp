// Runs every scenario of tests/vectors/ through the native core; the wasm suite runs the same files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "leadscore/config.h"
#include "leadscore/payload.h"
#include "leadscore/session.h"

namespace leadscore {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

std::vector<fs::path> VectorFiles() {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(LEADSCORE_VECTORS_DIR, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str(), nullptr, false);
}

// Objects compare by subset, arrays element by element with equal length, numbers within 0.005.
void ExpectSubset(const Json& expected, const Json& actual, const std::string& path) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << path << ": expected an object, got " << actual.dump();
    for (const auto& item : expected.items()) {
      ASSERT_TRUE(actual.contains(item.key())) << path << "." << item.key() << " is missing in " << actual.dump();
      ExpectSubset(item.value(), actual.at(item.key()), path + "." + item.key());
    }
  } else if (expected.is_array()) {
    ASSERT_TRUE(actual.is_array()) << path << ": expected an array, got " << actual.dump();
    ASSERT_EQ(expected.size(), actual.size()) << path << ": expected " << expected.dump() << ", got " << actual.dump();
    for (size_t i = 0; i < expected.size(); ++i) {
      ExpectSubset(expected[i], actual[i], path + "[" + std::to_string(i) + "]");
    }
  } else if (expected.is_number()) {
    ASSERT_TRUE(actual.is_number()) << path << ": expected " << expected.dump() << ", got " << actual.dump();
    EXPECT_NEAR(expected.get<double>(), actual.get<double>(), 0.005) << path;
  } else {
    EXPECT_EQ(expected, actual) << path;
  }
}

class VectorTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(VectorTest, MatchesExpectation) {
  Json vector = ReadJson(GetParam());
  ASSERT_FALSE(vector.is_discarded()) << GetParam() << " is not valid JSON";
  ASSERT_TRUE(vector.contains("config") && vector.contains("expect")) << GetParam();
  const Json& expect = vector["expect"];

  Result<Config> config = ParseConfig(vector["config"].dump());
  if (expect.contains("configErrors")) {
    ASSERT_FALSE(config.ok()) << "the config should be refused";
    for (const auto& path : expect["configErrors"]) {
      bool found = std::any_of(config.errors().begin(), config.errors().end(),
                               [&](const Error& e) { return e.path == path.get<std::string>(); });
      std::string all;
      for (const auto& e : config.errors()) all += "\n  " + e.ToString();
      EXPECT_TRUE(found) << "no error at " << path << "; errors:" << all;
    }
    return;
  }
  std::string all;
  for (const auto& e : config.errors()) all += "\n  " + e.ToString();
  ASSERT_TRUE(config.ok()) << "config refused:" << all;

  Session session(config.value());
  std::vector<std::pair<size_t, std::string>> refused;  // event index, error path
  const Json events = vector.value("events", Json::array());
  for (size_t i = 0; i < events.size(); ++i) {
    if (auto error = session.IngestJson(events[i].dump())) refused.emplace_back(i, error->path);
  }
  std::vector<std::pair<size_t, std::string>> expected_refusals;
  for (const auto& item : expect.value("eventErrors", Json::array())) {
    expected_refusals.emplace_back(item["index"].get<size_t>(), item.value("path", std::string()));
  }
  ASSERT_EQ(expected_refusals.size(), refused.size()) << "refused events differ";
  for (size_t i = 0; i < refused.size(); ++i) {
    EXPECT_EQ(expected_refusals[i].first, refused[i].first);
    if (!expected_refusals[i].second.empty()) EXPECT_EQ(expected_refusals[i].second, refused[i].second);
  }

  std::optional<int64_t> now;
  if (vector.contains("now")) now = vector["now"].get<int64_t>();
  if (expect.contains("score")) {
    Json score = Json::parse(ScoreToJson(session.ComputeScore(now)));
    ExpectSubset(expect["score"], score, "score");
  }
  if (expect.contains("payload")) {
    std::optional<std::string> payload = BuildPayload(session, now);
    if (expect["payload"].is_null()) {
      EXPECT_FALSE(payload.has_value()) << "no payload may be built, got " << payload.value_or("");
    } else {
      ASSERT_TRUE(payload.has_value()) << "a payload should be built";
      ExpectSubset(expect["payload"], Json::parse(*payload), "payload");
    }
  }
}

std::string TestName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Vectors, VectorTest, ::testing::ValuesIn(VectorFiles()), TestName);

TEST(VectorFiles, AreFound) {
  EXPECT_GE(VectorFiles().size(), 40u) << "expected the scenario vectors in " << LEADSCORE_VECTORS_DIR;
}

}  // namespace
}  // namespace leadscore

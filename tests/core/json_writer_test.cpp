#include "json_writer.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace leadscore::detail {
namespace {

// The writer promises nlohmann's dump(-1) bytes, invalid UTF-8 replaced: the outputs of the core
// must not change with the library that writes them.
std::string NlohmannDump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string WrittenString(std::string_view text) {
  JsonWriter writer;
  writer.String(text);
  return writer.Take();
}

std::string WrittenDouble(double value) {
  JsonWriter writer;
  writer.Double(value);
  return writer.Take();
}

TEST(JsonWriterTest, NestedContainersGetCommasOnlyBetweenMembers) {
  JsonWriter writer;
  writer.BeginObject()
      .Key("a").Integer(1)
      .Key("b").BeginArray().EndArray()
      .Key("c").BeginArray().Bool(true).BeginObject().EndObject().String("x").EndArray()
      .Key("d").BeginObject().Key("e").Raw("{\"f\":null}").EndObject()
      .EndObject();
  EXPECT_EQ(writer.text(), R"({"a":1,"b":[],"c":[true,{},"x"],"d":{"e":{"f":null}}})");
}

TEST(JsonWriterTest, KeysKeepTheOrderTheyAreWrittenIn) {
  JsonWriter writer;
  writer.BeginObject().Key("total").Integer(3).Key("engagement").Integer(2).Key("fit").Integer(1).EndObject();
  EXPECT_EQ(writer.text(), R"({"total":3,"engagement":2,"fit":1})");
}

TEST(JsonWriterTest, IntegersAtTheEdgesOfTheirRange) {
  for (int64_t value : {int64_t{0}, int64_t{-1}, int64_t{7}, int64_t{1'000'000},
                        std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    JsonWriter writer;
    writer.Integer(value);
    EXPECT_EQ(writer.text(), NlohmannDump(value)) << value;
  }
}

TEST(JsonWriterTest, DoublesAreShortestRoundTripLikeNlohmann) {
  for (double value : {0.0, -0.0, 5.0, 0.25, 0.1, 1.0 / 3.0, 12.345, 1e20, 1e21, 1e-7, 123456789012.5,
                       std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()}) {
    EXPECT_EQ(WrittenDouble(value), NlohmannDump(value)) << value;
  }
  std::mt19937_64 random(20261123);
  for (int i = 0; i < 20'000; ++i) {
    uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    ASSERT_EQ(WrittenDouble(value), NlohmannDump(value)) << bits;
  }
}

TEST(JsonWriterTest, NonFiniteDoublesAreNull) {
  EXPECT_EQ(WrittenDouble(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(WrittenDouble(std::numeric_limits<double>::quiet_NaN()), "null");
}

TEST(JsonWriterTest, StringsAreEscapedLikeNlohmann) {
  for (std::string text : {std::string(""), std::string("plain"), std::string("quote \" and \\ slash /"),
                           std::string("\b\f\n\r\t"), std::string("\x01\x1f\x7f", 3), std::string("nul \0 in", 8),
                           std::string("Zoë, 東京, 🚀"), std::string("bad \xff byte"),
                           std::string("cut \xe2\x82"), std::string("surrogate \xed\xa0\x80"),
                           std::string("overlong \xc0\xaf and \xe0\x80\xaf"), std::string("beyond \xf4\x90\x80\x80")}) {
    EXPECT_EQ(WrittenString(text), NlohmannDump(text)) << text;
  }
}

TEST(JsonWriterTest, RandomBytesAreReplacedLikeNlohmann) {
  std::mt19937 random(7);
  // Bytes drawn mostly from the UTF-8 lead and continuation ranges, where replacement is subtle.
  std::uniform_int_distribution<int> byte(0x70, 0xFF);
  for (int i = 0; i < 20'000; ++i) {
    std::string text(1 + random() % 8, ' ');
    for (char& c : text) c = static_cast<char>(byte(random));
    ASSERT_EQ(WrittenString(text), NlohmannDump(text)) << nlohmann::json(text).dump(-1, ' ', true,
                                                                                   nlohmann::json::error_handler_t::replace);
  }
}

TEST(JsonWriterTest, QuoteJsonIsTheStringLiteral) {
  EXPECT_EQ(QuoteJson("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(QuoteJson("line\n"), NlohmannDump("line\n"));
}

}  // namespace
}  // namespace leadscore::detail

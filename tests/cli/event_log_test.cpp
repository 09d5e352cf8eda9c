#include "event_log.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace leadscore::cli {
namespace {

struct Split {
  std::vector<std::string> events;
  std::vector<size_t> lines;
  std::vector<LogProblem> problems;
};

Split SplitAll(std::string_view log) {
  Split split;
  split.problems = SplitEventLog(log, [&](const EventText& text) {
    split.events.emplace_back(text.json);
    split.lines.push_back(text.line);
  });
  return split;
}

TEST(EventLog, JsonLinesSkipBlankLinesAndKeepLineNumbers) {
  Split split = SplitAll("{\"a\":1}\n\n   \n\t{\"b\":2}  \r\n{\"c\":3}");
  EXPECT_EQ(split.events, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
  EXPECT_EQ(split.lines, (std::vector<size_t>{1, 4, 5}));
  EXPECT_TRUE(split.problems.empty());
}

TEST(EventLog, EmptyAndBlankLogsHoldNoEvents) {
  EXPECT_TRUE(SplitAll("").events.empty());
  EXPECT_TRUE(SplitAll("\n \n\r\n").events.empty());
  EXPECT_TRUE(SplitAll("[]").events.empty());
  EXPECT_TRUE(SplitAll(" \n[ \n ]\n").problems.empty());
}

TEST(EventLog, JsonLinesLineThatIsNotJsonIsStillAnEvent) {
  // Its parser, not the splitter, reports it, with its line.
  Split split = SplitAll("{}\nnot json\n");
  EXPECT_EQ(split.events, (std::vector<std::string>{"{}", "not json"}));
  EXPECT_EQ(split.lines, (std::vector<size_t>{1, 2}));
}

TEST(EventLog, ArrayElementsStartLines) {
  Split split = SplitAll("\n[\n  {\"a\": 1},\n  {\n    \"b\": [1, {\"c\": 2}]\n  }\n,{}]\n");
  EXPECT_EQ(split.events, (std::vector<std::string>{"{\"a\": 1}",
                                                    "{\n    \"b\": [1, {\"c\": 2}]\n  }", "{}"}));
  EXPECT_EQ(split.lines, (std::vector<size_t>{3, 4, 7}));
  EXPECT_TRUE(split.problems.empty());
}

TEST(EventLog, ArrayStringsHideBracketsCommasAndEscapedQuotes) {
  Split split = SplitAll(R"([{"id": "a, ] } [ \" \\"}, {"id": "\\"}])");
  EXPECT_EQ(split.events, (std::vector<std::string>{R"({"id": "a, ] } [ \" \\"})",
                                                    R"({"id": "\\"})"}));
  EXPECT_TRUE(split.problems.empty());
}

TEST(EventLog, ArrayElementsNeedNotBeObjects) {
  Split split = SplitAll("[1, \"x\", null]");
  EXPECT_EQ(split.events, (std::vector<std::string>{"1", "\"x\"", "null"}));
}

TEST(EventLog, ArrayUnterminated) {
  Split split = SplitAll("[\n{\"a\":1},\n{\"b\":2}\n");
  EXPECT_EQ(split.events.size(), 1u);  // the last element has no end
  ASSERT_EQ(split.problems.size(), 1u);
  EXPECT_EQ(split.problems[0].line, 4u);
  EXPECT_EQ(split.problems[0].message, "unterminated array: expected ']'");
}

TEST(EventLog, ArrayUnterminatedStringPointsAtItsStart) {
  Split split = SplitAll("[\n{\"a\": \"open\n}]\n");
  EXPECT_TRUE(split.events.empty());
  ASSERT_EQ(split.problems.size(), 1u);
  EXPECT_EQ(split.problems[0].line, 2u);
  EXPECT_EQ(split.problems[0].message, "unterminated string");
}

TEST(EventLog, ArrayEmptyElements) {
  Split leading = SplitAll("[\n,{}]");
  ASSERT_EQ(leading.problems.size(), 1u);
  EXPECT_EQ(leading.problems[0].line, 2u);
  EXPECT_EQ(leading.problems[0].message, "expected an event before ','");

  Split trailing = SplitAll("[{},\n]");
  EXPECT_EQ(trailing.events.size(), 1u);
  ASSERT_EQ(trailing.problems.size(), 1u);
  EXPECT_EQ(trailing.problems[0].line, 2u);
  EXPECT_EQ(trailing.problems[0].message, "expected an event after ','");
}

TEST(EventLog, ArrayStrayClosingBrace) {
  Split split = SplitAll("[{}, }]");
  ASSERT_EQ(split.problems.size(), 1u);
  EXPECT_EQ(split.problems[0].message, "unexpected '}'");
}

TEST(EventLog, TextAfterTheArray) {
  Split split = SplitAll("[{}]\n\n{}");
  EXPECT_EQ(split.events.size(), 1u);
  ASSERT_EQ(split.problems.size(), 1u);
  EXPECT_EQ(split.problems[0].line, 3u);
  EXPECT_EQ(split.problems[0].message, "unexpected text after the array");
}

TEST(EventLog, ByteOrderMarkIsIgnored) {
  Split lines = SplitAll("\xEF\xBB\xBF{\"a\":1}\n");
  EXPECT_EQ(lines.events, (std::vector<std::string>{"{\"a\":1}"}));
  Split array = SplitAll("\xEF\xBB\xBF[{\"a\":1}]");
  EXPECT_EQ(array.events, (std::vector<std::string>{"{\"a\":1}"}));
}

TEST(EventLog, DeepNestingNeedsNoRecursion) {
  std::string deep = "[" + std::string(100000, '[') + std::string(100000, ']') + "]";
  Split split = SplitAll(deep);
  EXPECT_EQ(split.events.size(), 1u);
  EXPECT_TRUE(split.problems.empty());
}

}  // namespace
}  // namespace leadscore::cli

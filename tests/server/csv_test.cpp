#include "csv.h"

#include <gtest/gtest.h>

namespace leadscore::server {
namespace {

TEST(CsvTextCell, LeavesPlainTextAlone) {
  EXPECT_EQ("Dana Smith", CsvTextCell("Dana Smith"));
  EXPECT_EQ("", CsvTextCell(""));
  EXPECT_EQ("a=b", CsvTextCell("a=b"));
}

TEST(CsvTextCell, DefusesFormulaStarts) {
  EXPECT_EQ("'=1+2", CsvTextCell("=1+2"));
  EXPECT_EQ("'+1", CsvTextCell("+1"));
  EXPECT_EQ("'-1", CsvTextCell("-1"));
  EXPECT_EQ("'@SUM(A1)", CsvTextCell("@SUM(A1)"));
  EXPECT_EQ("'\tx", CsvTextCell("\tx"));
  EXPECT_EQ("\"'\rx\"", CsvTextCell("\rx"));
}

TEST(CsvTextCell, QuotesPerRfc4180) {
  EXPECT_EQ("\"a,b\"", CsvTextCell("a,b"));
  EXPECT_EQ("\"say \"\"hi\"\"\"", CsvTextCell("say \"hi\""));
  EXPECT_EQ("\"two\nlines\"", CsvTextCell("two\nlines"));
  EXPECT_EQ("\"'=HYPERLINK(\"\"http://x\"\")\"", CsvTextCell("=HYPERLINK(\"http://x\")"));
}

TEST(AppendCsvRow, JoinsWithCommasAndEndsWithCrlf) {
  std::string out;
  AppendCsvRow(out, {"a", "\"b,c\"", ""});
  AppendCsvRow(out, {"d"});
  EXPECT_EQ("a,\"b,c\",\r\nd\r\n", out);
}

}  // namespace
}  // namespace leadscore::server

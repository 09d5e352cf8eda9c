#pragma once

#include <iterator>
#include <random>
#include <string>

namespace leadscore::testing {

/// One to three random edits of JSON text: a character deleted, replaced or inserted from JSON's
/// own alphabet, or a whole token inserted. Tokens reach what single characters rarely do:
/// escapes, invalid UTF-8, duplicate keys, numbers at the edges of what parsers accept.
inline std::string MutateJson(std::string text, std::mt19937& random) {
  static const std::string alphabet = "{}[]\":,0123456789-.eE tfnul\\abcxyz/";
  static const char* const tokens[] = {
      "\\u00e9", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\\"", "\\n", "\x01", "\xc3\xa9", "\xff", "\xed\xa0\x80",
      "null", "1e400", "-0", "1.0", "18446744073709551616", "9223372036854775808", "\"\"", "[]", "{}",
      "\"t\":2,", ",\"tags\":\"x\"", ",\"fields\":{}", "\"events\":[],", "\"lead\":{},", "\"score\":{},"};
  int edits = 1 + static_cast<int>(random() % 3);
  for (int e = 0; e < edits && !text.empty(); ++e) {
    size_t at = random() % text.size();
    switch (random() % 4) {
      case 0: text.erase(at, 1); break;
      case 1: text[at] = alphabet[random() % alphabet.size()]; break;
      case 2: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
      default: text.insert(at, tokens[random() % std::size(tokens)]); break;
    }
  }
  return text;
}

}  // namespace leadscore::testing

#include "json_writer.h"

#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

namespace leadscore::detail {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// How many bytes from `at` form one well-formed UTF-8 sequence (`valid`), or, when they do not,
// how many belong to its longest well-formed prefix: that whole prefix becomes one U+FFFD, the
// "maximal subpart" rule nlohmann's dump follows when it replaces bad bytes.
struct Utf8Sequence {
  size_t length;
  bool valid;
};

Utf8Sequence ReadUtf8Sequence(std::string_view text, size_t at) {
  auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return {1, true};
  size_t continuations = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the first continuation byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2;
    if (lead == 0xE0) low = 0xA0;  // shorter encodings are overlong
    if (lead == 0xED) high = 0x9F;  // U+D800…U+DFFF are surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  } else {
    return {1, false};
  }
  for (size_t i = 1; i <= continuations; ++i) {
    if (at + i >= text.size()) return {i, false};
    auto byte = static_cast<unsigned char>(text[at + i]);
    if (byte < low || byte > high) return {i, false};
    low = 0x80;
    high = 0xBF;
  }
  return {continuations + 1, true};
}

// Printable ASCII other than the quote and the backslash: what JSON text holds as it is.
bool IsPlainAscii(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
}

void AppendEscaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t at = 0; at < text.size();) {
    // Runs of plain characters (almost every key and value) are copied at once, not byte by byte.
    size_t plain_end = at;
    while (plain_end < text.size() && IsPlainAscii(text[plain_end])) ++plain_end;
    out.append(text.data() + at, plain_end - at);
    at = plain_end;
    if (at == text.size()) break;
    Utf8Sequence sequence = ReadUtf8Sequence(text, at);
    if (!sequence.valid) {
      out += kReplacementCharacter;
    } else if (sequence.length > 1) {
      out.append(text, at, sequence.length);
    } else {
      char c = text[at];
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:  // the other control characters
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
      }
    }
    at += sequence.length;
  }
  out += '"';
}

}  // namespace

void JsonWriter::BeforeValue() {
  if (needs_comma_) text_ += ',';
  needs_comma_ = true;
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  text_ += bracket;
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  text_ += bracket;
  needs_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendEscaped(text_, key);
  text_ += ':';
  needs_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view text) {
  BeforeValue();
  AppendEscaped(text_, text);
  return *this;
}

JsonWriter& JsonWriter::Integer(int64_t value) {
  BeforeValue();
  // Digits of the magnitude, taken as unsigned so INT64_MIN has one too.
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::array<char, 20> digits;
  size_t count = 0;
  do {
    digits[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) text_ += '-';
  while (count) text_ += digits[--count];
  return *this;
}

JsonWriter& JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    text_ += "null";
    return *this;
  }
  std::array<char, 64> buffer;
  char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  text_.append(buffer.data(), end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  text_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  text_ += json;
  return *this;
}

std::string QuoteJson(std::string_view text) {
  std::string quoted;
  AppendEscaped(quoted, text);
  return quoted;
}

}  // namespace leadscore::detail

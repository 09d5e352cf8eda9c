#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leadscore::detail {

/// Writes compact JSON text in the order it is given: every object the core emits has a key
/// order fixed by its docs/ page, so it is written straight out instead of being built as a tree.
/// The bytes are those nlohmann's dump(-1) gives for the same values (shortest round-trip
/// numbers, invalid UTF-8 replaced by U+FFFD), so outputs do not depend on which one wrote them.
class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  /// The key of the next member; a value call must follow.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view text);
  JsonWriter& Integer(int64_t value);
  /// Shortest form that reads back to the same double (`5.0`, `0.25`, `1e+20`); not finite → null.
  JsonWriter& Double(double value);
  JsonWriter& Bool(bool value);
  /// A value that is already JSON text.
  JsonWriter& Raw(std::string_view json);

  /// The text written so far.
  const std::string& text() const { return text_; }
  std::string Take() { return std::move(text_); }

 private:
  void BeforeValue();
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);

  std::string text_;
  bool needs_comma_ = false;
};

/// `text` as a JSON string literal, quotes included.
std::string QuoteJson(std::string_view text);

}  // namespace leadscore::detail

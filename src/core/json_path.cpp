#include "json_path.h"

#include <cctype>

#include "json_writer.h"

namespace leadscore::detail {
namespace {

bool IsIdentifier(std::string_view key) {
  if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

// Records the first syntax error; nlohmann's message already carries the line and column.
class ErrorCapturingSax : public nlohmann::json_sax<Json> {
 public:
  std::string error;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    error = e.what();
    return false;
  }
};

// "[json.exception.parse_error.101] parse error at line 1, column 2: …" → "parse error at …"
std::string WithoutExceptionTag(const std::string& message) {
  if (!message.empty() && message[0] == '[') {
    size_t end = message.find("] ");
    if (end != std::string::npos) return message.substr(end + 2);
  }
  return message;
}

}  // namespace

std::string JoinKey(const std::string& path, std::string_view key) {
  if (IsIdentifier(key)) return path + "." + std::string(key);
  return path + "[" + QuoteJson(key) + "]";
}

std::string JoinIndex(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

Result<Json> ParseJson(std::string_view text) {
  Json value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!value.is_discarded()) return value;
  ErrorCapturingSax sax;
  Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json,
                  /*strict=*/true);
  std::string message = sax.error.empty() ? "invalid JSON" : WithoutExceptionTag(sax.error);
  return std::vector<Error>{{"", message}};
}

}  // namespace leadscore::detail

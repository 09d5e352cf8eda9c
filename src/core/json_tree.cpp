#include "json_tree.h"

namespace leadscore::detail {
namespace {

// Builds the tree and keeps the first syntax error's message (it carries the line and column),
// in one pass. nlohmann instantiates its whole parser once per handler type, so it is handed over
// as the abstract json_sax: every handler passed that way shares one instance.
class TreeBuildingSax : public nlohmann::json_sax<Json> {
 public:
  explicit TreeBuildingSax(Json& result) : tree_(result, /*allow_exceptions_=*/false) {}

  std::string error;

  bool null() override { return tree_.null(); }
  bool boolean(bool value) override { return tree_.boolean(value); }
  bool number_integer(number_integer_t value) override { return tree_.number_integer(value); }
  bool number_unsigned(number_unsigned_t value) override { return tree_.number_unsigned(value); }
  bool number_float(number_float_t value, const string_t& text) override { return tree_.number_float(value, text); }
  bool string(string_t& value) override { return tree_.string(value); }
  bool binary(binary_t& value) override { return tree_.binary(value); }
  bool start_object(std::size_t size) override { return tree_.start_object(size); }
  bool key(string_t& value) override { return tree_.key(value); }
  bool end_object() override { return tree_.end_object(); }
  bool start_array(std::size_t size) override { return tree_.start_array(size); }
  bool end_array() override { return tree_.end_array(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    if (error.empty()) error = e.what();
    return false;
  }

 private:
  nlohmann::detail::json_sax_dom_parser<Json> tree_;
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

Result<Json> ParseJson(std::string_view text) {
  Json value;
  TreeBuildingSax sax(value);
  nlohmann::json_sax<Json>* handler = &sax;
  if (Json::sax_parse(text.begin(), text.end(), handler, nlohmann::detail::input_format_t::json,
                      /*strict=*/true)) {
    return value;
  }
  std::string message = sax.error.empty() ? "invalid JSON" : WithoutExceptionTag(sax.error);
  return std::vector<Error>{{"", message}};
}

}  // namespace leadscore::detail

#include "event_log.h"

#include <cstring>

namespace leadscore::cli {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

void SplitLines(std::string_view log, const std::function<void(const EventText&)>& on_event) {
  size_t line = 1;
  size_t start = 0;
  while (start < log.size()) {
    const void* newline = std::memchr(log.data() + start, '\n', log.size() - start);
    size_t end = newline ? static_cast<size_t>(static_cast<const char*>(newline) - log.data())
                         : log.size();
    std::string_view text = TrimRight(log.substr(start, end - start));
    size_t first = 0;
    while (first < text.size() && IsSpace(text[first])) ++first;
    if (first < text.size()) on_event(EventText{text.substr(first), line});
    ++line;
    start = end + 1;
  }
}

// Walks a JSON array element by element, counting lines as it goes.
class ArraySplitter {
 public:
  ArraySplitter(std::string_view log, size_t open_bracket, size_t line)
      : log_(log), pos_(open_bracket + 1), line_(line) {}

  std::vector<LogProblem> Run(const std::function<void(const EventText&)>& on_event) {
    bool after_comma = false;
    for (;;) {
      SkipSpace();
      if (pos_ == log_.size()) return Problem("unterminated array: expected ']'");
      char c = log_[pos_];
      if (c == ']') {
        if (after_comma) return Problem("expected an event after ','");
        ++pos_;
        break;
      }
      if (c == ',') return Problem("expected an event before ','");
      size_t start = pos_;
      size_t start_line = line_;
      if (!SkipElement()) return problems_;
      on_event(EventText{TrimRight(log_.substr(start, pos_ - start)), start_line});
      if (log_[pos_] == ']') {
        ++pos_;
        break;
      }
      ++pos_;  // the ','
      after_comma = true;
    }
    SkipSpace();
    if (pos_ != log_.size()) Problem("unexpected text after the array");
    return problems_;
  }

 private:
  void SkipSpace() {
    while (pos_ < log_.size() && IsSpace(log_[pos_])) {
      if (log_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  // Advances to the ',' or ']' that ends the element at pos_. Brackets are only counted, not
  // matched: a mismatched element is still cut at the right place and its parser reports it.
  bool SkipElement() {
    size_t depth = 0;
    size_t string_line = 0;
    bool in_string = false;
    for (; pos_ < log_.size(); ++pos_) {
      char c = log_[pos_];
      if (c == '\n') ++line_;
      if (in_string) {
        if (c == '\\' && pos_ + 1 < log_.size()) {
          ++pos_;
          if (log_[pos_] == '\n') ++line_;
        } else if (c == '"') {
          in_string = false;
        }
        continue;
      }
      switch (c) {
        case '"':
          in_string = true;
          string_line = line_;
          break;
        case '{':
        case '[':
          ++depth;
          break;
        case '}':
        case ']':
          if (depth == 0) {
            if (c == ']') return true;
            Problem("unexpected '}'");
            return false;
          }
          --depth;
          break;
        case ',':
          if (depth == 0) return true;
          break;
        default:
          break;
      }
    }
    if (in_string) {
      line_ = string_line;
      Problem("unterminated string");
    } else {
      Problem("unterminated array: expected ']'");
    }
    return false;
  }

  std::vector<LogProblem> Problem(std::string message) {
    problems_.push_back(LogProblem{line_, std::move(message)});
    return problems_;
  }

  std::string_view log_;
  size_t pos_;
  size_t line_;
  std::vector<LogProblem> problems_;
};

}  // namespace

std::vector<LogProblem> SplitEventLog(std::string_view log,
                                      const std::function<void(const EventText&)>& on_event) {
  // A UTF-8 byte order mark, as some editors write, is not part of the log.
  if (log.substr(0, 3) == "\xEF\xBB\xBF") log.remove_prefix(3);
  size_t line = 1;
  size_t first = 0;
  while (first < log.size() && IsSpace(log[first])) {
    if (log[first] == '\n') ++line;
    ++first;
  }
  if (first < log.size() && log[first] == '[') return ArraySplitter(log, first, line).Run(on_event);
  SplitLines(log, on_event);
  return {};
}

}  // namespace leadscore::cli

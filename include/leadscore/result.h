#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace leadscore {

/// One problem found in input: where (a JSON path such as `$.rules[2].points`, or a line) and what.
struct Error {
  std::string path;
  std::string message;

  /// `path: message`, the form users read.
  std::string ToString() const { return path.empty() ? message : path + ": " + message; }
};

/// A value, or every error that prevented it. Errors are values at the boundaries: nothing throws.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(std::vector<Error> errors) : errors_(std::move(errors)) {}

  bool ok() const { return value_.has_value(); }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const std::vector<Error>& errors() const { return errors_; }

 private:
  std::optional<T> value_;
  std::vector<Error> errors_;
};

}  // namespace leadscore

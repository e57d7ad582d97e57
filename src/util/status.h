// Status and Result<T>: errors as values at module edges.
//
// An Error names what failed and where (file, line, column, or an object id in
// `where`). Modules return Result<T> instead of throwing across their borders,
// so a caller can turn a per-input problem into a warning and keep scanning.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace vigil {

struct Error {
  std::string message;  // what went wrong, for a person
  std::string file;     // file or object the error is about; may be empty
  int line = 0;         // 1-based; 0 when not known
  int column = 0;       // 1-based; 0 when not known

  // "file:line:column: message", leaving out the parts that are unknown.
  std::string ToString() const;
};

// Status is Result<void>: ok, or an Error.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  static Status Ok() { return {}; }

  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace vigil

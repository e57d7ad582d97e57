// Text helpers shared by sources, engine and reporters: binary detection,
// line/column arithmetic and escaping of bytes that are not valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

// True when the first 8 KiB hold a NUL byte, as git and ripgrep decide.
bool LooksBinary(std::string_view bytes);

// Offsets of the first byte of every line, built once per blob that has a
// finding (most blobs have none, so this is never paid on the hot path).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int LineOf(size_t offset) const;  // 1-based line holding `offset`
  size_t LineStart(int line) const;
  std::string_view LineText(int line) const;  // without the newline
  // 1-based column of `offset` on its line, counting UTF-8 code points.
  int ColumnOf(size_t offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// Length of the valid UTF-8 sequence starting at bytes[offset], or 0 when the
// byte there does not start one.
size_t Utf8SequenceLength(std::string_view bytes, size_t offset);

// Number of UTF-8 code points in `bytes`; an invalid byte counts as one.
size_t CountCodePoints(std::string_view bytes);

// `bytes` unchanged when it is valid UTF-8; otherwise each invalid byte
// becomes "\xNN", so a path is shown rather than dropped.
std::string EscapeInvalidUtf8(std::string_view bytes);

// Lower-cases ASCII letters.
std::string AsciiLower(std::string_view text);

}  // namespace vigil

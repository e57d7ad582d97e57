// Positions in a text document as an editor counts them, and the byte offsets
// the engine works in.
//
// An LSP position is a zero-based line and a "character" offset on that line,
// counted in the position encoding the client and server agreed on: UTF-16
// code units (the protocol's default), UTF-8 bytes or UTF-32 code points.
// Lines end at "\n", "\r\n" or "\r"; a character past the end of its line
// means the end of the line (LSP 3.17). The text is bytes: an invalid UTF-8
// byte counts as one code point (U+FFFD), so no input is refused.
//
// Nothing here knows JSON; the server maps these structs to messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace vigil::lsp {

enum class PositionEncoding { kUtf16, kUtf8, kUtf32 };

// "utf-16", "utf-8", "utf-32".
std::string_view EncodingName(PositionEncoding encoding);
std::optional<PositionEncoding> ParseEncoding(std::string_view name);

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  auto operator<=>(const Position&) const = default;
};

struct Range {
  Position start;
  Position end;
  bool operator==(const Range&) const = default;
};

// The start offset of every line of one text, built in one pass. Cheap to
// build (memchr-speed) and kept only as long as that text does not change.
class LineTable {
 public:
  explicit LineTable(std::string_view text);

  size_t line_count() const { return starts_.size(); }
  size_t LineStart(size_t line) const { return starts_[line]; }
  // End of the line's content, before its line break.
  size_t LineEnd(size_t line) const;
  // The 0-based line holding `offset` (offset may be text.size()).
  size_t LineOf(size_t offset) const;

  // The byte offset of `position`. A character past the line's end gives the
  // line's end; a character inside a code point (the second half of a UTF-16
  // surrogate pair) gives that code point's start. nullopt when the line is
  // past the last line.
  std::optional<size_t> OffsetOf(Position position, PositionEncoding encoding) const;
  // Same, with a line past the end clamped to the end of the text; `clamped`
  // says whether that happened.
  size_t ClampedOffsetOf(Position position, PositionEncoding encoding, bool* clamped = nullptr) const;
  // The position of byte `offset` (clamped to the text's size).
  Position PositionOf(size_t offset, PositionEncoding encoding) const;

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// Code units of `bytes` in `encoding` (an invalid UTF-8 byte is one unit).
size_t CountUnits(std::string_view bytes, PositionEncoding encoding);

}  // namespace vigil::lsp

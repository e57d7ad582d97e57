#include "lsp/text_position.h"

#include <algorithm>
#include <cstring>

#include "util/text.h"

namespace vigil::lsp {
namespace {

// Units one code point of `length` UTF-8 bytes takes (0: an invalid byte).
size_t UnitsOf(size_t length, PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::kUtf8:
      return length == 0 ? 1 : length;
    case PositionEncoding::kUtf16:
      return length == 4 ? 2 : 1;  // astral code points are surrogate pairs
    case PositionEncoding::kUtf32:
      return 1;
  }
  return 1;
}

}  // namespace

std::string_view EncodingName(PositionEncoding encoding) {
  switch (encoding) {
    case PositionEncoding::kUtf8:
      return "utf-8";
    case PositionEncoding::kUtf16:
      return "utf-16";
    case PositionEncoding::kUtf32:
      return "utf-32";
  }
  return "utf-16";
}

std::optional<PositionEncoding> ParseEncoding(std::string_view name) {
  if (name == "utf-8") return PositionEncoding::kUtf8;
  if (name == "utf-16") return PositionEncoding::kUtf16;
  if (name == "utf-32") return PositionEncoding::kUtf32;
  return std::nullopt;
}

size_t CountUnits(std::string_view bytes, PositionEncoding encoding) {
  if (encoding == PositionEncoding::kUtf8) return bytes.size();
  size_t units = 0;
  for (size_t i = 0; i < bytes.size();) {
    size_t length = static_cast<unsigned char>(bytes[i]) < 0x80 ? 1 : Utf8SequenceLength(bytes, i);
    units += UnitsOf(length, encoding);
    i += length == 0 ? 1 : length;
  }
  return units;
}

LineTable::LineTable(std::string_view text) : text_(text) {
  starts_.push_back(0);
  const char* data = text.data();
  const size_t size = text.size();
  size_t i = 0;
  while (i < size) {
    // Most lines end in '\n'; look for it and check for a lone '\r' in between.
    const void* found = std::memchr(data + i, '\n', size - i);
    size_t newline = found != nullptr ? static_cast<size_t>(static_cast<const char*>(found) - data) : size;
    const void* carriage = std::memchr(data + i, '\r', newline - i);
    while (carriage != nullptr) {
      size_t at = static_cast<size_t>(static_cast<const char*>(carriage) - data);
      if (at + 1 == newline && newline < size) break;  // "\r\n": one break, at the '\n'
      starts_.push_back(at + 1);     // a lone '\r' ends a line too
      carriage = std::memchr(data + at + 1, '\r', newline - at - 1);
    }
    if (newline == size) break;
    starts_.push_back(newline + 1);
    i = newline + 1;
  }
}

size_t LineTable::LineEnd(size_t line) const {
  size_t end = line + 1 < starts_.size() ? starts_[line + 1] : text_.size();
  if (line + 1 < starts_.size()) {
    // Drop the break: "\n", "\r\n" or "\r".
    if (end > starts_[line] && text_[end - 1] == '\n') --end;
    if (end > starts_[line] && text_[end - 1] == '\r') --end;
  }
  return end;
}

size_t LineTable::LineOf(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<size_t>(it - starts_.begin()) - 1;
}

std::optional<size_t> LineTable::OffsetOf(Position position, PositionEncoding encoding) const {
  if (position.line >= starts_.size()) return std::nullopt;
  const size_t begin = starts_[position.line];
  const size_t end = LineEnd(position.line);
  size_t units = 0;
  size_t i = begin;
  while (i < end) {
    size_t length = static_cast<unsigned char>(text_[i]) < 0x80 ? 1 : Utf8SequenceLength(text_, i);
    size_t next = units + UnitsOf(length, encoding);
    if (next > position.character) break;  // the position is at or inside this code point
    units = next;
    i += length == 0 ? 1 : length;
  }
  return i;
}

size_t LineTable::ClampedOffsetOf(Position position, PositionEncoding encoding, bool* clamped) const {
  std::optional<size_t> offset = OffsetOf(position, encoding);
  if (clamped != nullptr) *clamped = !offset.has_value();
  return offset.value_or(text_.size());
}

Position LineTable::PositionOf(size_t offset, PositionEncoding encoding) const {
  offset = std::min(offset, text_.size());
  size_t line = LineOf(offset);
  size_t begin = starts_[line];
  // An offset inside a line break counts as the end of the line.
  offset = std::min(offset, LineEnd(line));
  return Position{static_cast<uint32_t>(line),
                  static_cast<uint32_t>(CountUnits(text_.substr(begin, offset - begin), encoding))};
}

}  // namespace vigil::lsp

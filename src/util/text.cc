#include "util/text.h"

#include <algorithm>
#include <cstring>

namespace vigil {

size_t Utf8SequenceLength(std::string_view bytes, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint32_t min_value = 0;
  uint32_t value = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2, min_value = 0x80, value = lead & 0x1f;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, min_value = 0x800, value = lead & 0x0f;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, min_value = 0x10000, value = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    value = (value << 6) | (byte(i + k) & 0x3f);
  }
  if (value < min_value || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return 0;
  return length;
}

bool LooksBinary(std::string_view bytes) {
  size_t probe = std::min<size_t>(bytes.size(), 8192);
  return std::memchr(bytes.data(), '\0', probe) != nullptr;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

int LineIndex::LineOf(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(it - starts_.begin());
}

size_t LineIndex::LineStart(int line) const { return starts_[static_cast<size_t>(line - 1)]; }

std::string_view LineIndex::LineText(int line) const {
  size_t begin = LineStart(line);
  size_t end = static_cast<size_t>(line) < starts_.size() ? starts_[static_cast<size_t>(line)] - 1
                                                          : text_.size();
  std::string_view view = text_.substr(begin, end - begin);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

int LineIndex::ColumnOf(size_t offset) const {
  size_t begin = LineStart(LineOf(offset));
  return static_cast<int>(CountCodePoints(text_.substr(begin, offset - begin))) + 1;
}

size_t CountCodePoints(std::string_view bytes) {
  size_t count = 0;
  for (size_t i = 0; i < bytes.size(); ++count) {
    size_t length = Utf8SequenceLength(bytes, i);
    i += length == 0 ? 1 : length;
  }
  return count;
}

std::string EscapeInvalidUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    size_t length = Utf8SequenceLength(bytes, i);
    if (length == 0) {
      static constexpr char kDigits[] = "0123456789ABCDEF";
      auto byte = static_cast<unsigned char>(bytes[i]);
      out += "\\x";
      out += kDigits[byte >> 4];
      out += kDigits[byte & 0xf];
      ++i;
    } else {
      out.append(bytes.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace vigil

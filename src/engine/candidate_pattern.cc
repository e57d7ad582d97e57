#include "engine/candidate_pattern.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace vigil {
namespace {

constexpr int kMaxExactBound = 32;
constexpr int kMaxExactRange = 16;

struct Repeat {
  int min = 0;
  std::optional<int> max;  // unset: "{m,}" or "{m}" (see exact)
  bool exact = false;      // "{m}"
  size_t length = 0;       // characters from '{' to '}' inclusive
};

std::optional<int> ReadNumber(std::string_view text, size_t& i) {
  size_t start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == start || i - start > 6) return std::nullopt;
  return std::stoi(std::string(text.substr(start, i - start)));
}

// Parses "{m}", "{m,}" or "{m,n}" at text[start] == '{'.
std::optional<Repeat> ReadRepeat(std::string_view text, size_t start) {
  size_t i = start + 1;
  Repeat repeat;
  auto min = ReadNumber(text, i);
  if (!min || i >= text.size()) return std::nullopt;
  repeat.min = *min;
  if (text[i] == '}') {
    repeat.exact = true;
  } else if (text[i] == ',') {
    ++i;
    if (i < text.size() && text[i] != '}') {
      repeat.max = ReadNumber(text, i);
      if (!repeat.max) return std::nullopt;
    }
    if (i >= text.size() || text[i] != '}') return std::nullopt;
  } else {
    return std::nullopt;
  }
  repeat.length = i - start + 1;
  return repeat;
}

bool IsWide(const Repeat& repeat) {
  if (repeat.exact) return repeat.min > kMaxExactBound;
  if (!repeat.max) return repeat.min > kMaxExactBound;
  return *repeat.max > kMaxExactBound || *repeat.max - repeat.min > kMaxExactRange;
}

}  // namespace

std::string WidenRepeats(std::string_view regex) {
  std::string out;
  out.reserve(regex.size());
  bool in_class = false;
  for (size_t i = 0; i < regex.size(); ++i) {
    char c = regex[i];
    if (c == '\\' && i + 1 < regex.size()) {
      out += c;
      out += regex[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal, not the end of the class.
      if (i + 1 < regex.size() && regex[i + 1] == '^') out += regex[++i];
      if (i + 1 < regex.size() && regex[i + 1] == ']') out += regex[++i];
      continue;
    }
    if (c == '{') {
      if (auto repeat = ReadRepeat(regex, i); repeat && IsWide(*repeat)) {
        out += "{" + std::to_string(std::min(repeat->min, kMaxExactBound)) + ",}";
        i += repeat->length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

}  // namespace vigil

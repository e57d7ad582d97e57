#include "report/redact.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace vigil {
namespace {

constexpr std::string_view kMask = "*****";
constexpr size_t kMaxPrefixChars = 4;
// A one-character prefix tells nobody which credential it is, yet leaks part
// of a short secret, so prefixes shorter than this are dropped entirely.
constexpr size_t kMinPrefixChars = 2;

bool IsContinuationByte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at `pos`, or 1 when the
// byte there does not start one (an invalid byte counts as one character).
size_t CharLength(std::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  size_t length = 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
  }
  if (pos + length > text.size()) return 1;
  for (size_t i = 1; i < length; ++i) {
    if (!IsContinuationByte(static_cast<unsigned char>(text[pos + i]))) return 1;
  }
  return length;
}

// Byte offsets where each character of `text` begins.
std::vector<size_t> CharStarts(std::string_view text) {
  std::vector<size_t> starts;
  for (size_t pos = 0; pos < text.size(); pos += CharLength(text, pos)) starts.push_back(pos);
  return starts;
}

}  // namespace

std::string Redact(std::string_view secret) {
  const std::vector<size_t> starts = CharStarts(secret);
  size_t prefix_chars = std::min(kMaxPrefixChars, starts.size() / 4);
  if (prefix_chars < kMinPrefixChars) prefix_chars = 0;
  // Cut at a character boundary so the prefix stays valid UTF-8.
  const size_t prefix_bytes = prefix_chars < starts.size() ? starts[prefix_chars] : secret.size();
  std::string redacted(secret.substr(0, prefix_bytes));
  redacted += kMask;
  return redacted;
}

std::string RedactIn(std::string_view text, std::string_view secret) {
  if (secret.empty()) return std::string(text);  // nothing to hide; avoids an endless loop
  const std::string replacement = Redact(secret);
  std::string result;
  result.reserve(text.size());
  size_t pos = 0;
  for (size_t hit = text.find(secret); hit != std::string_view::npos;
       hit = text.find(secret, pos)) {
    result.append(text.substr(pos, hit - pos));
    result += replacement;
    pos = hit + secret.size();
  }
  result.append(text.substr(pos));
  return result;
}

}  // namespace vigil

#include "report/redact.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "util/text.h"

namespace vigil {
namespace {

constexpr std::string_view kMask = "*****";
constexpr size_t kMaxPrefixChars = 4;
// A one-character prefix tells nobody which credential it is, yet leaks part
// of a short secret, so prefixes shorter than this are dropped entirely.
constexpr size_t kMinPrefixChars = 2;

// Byte offsets where each character of `text` begins.
std::vector<size_t> CharStarts(std::string_view text) {
  std::vector<size_t> starts;
  for (size_t pos = 0; pos < text.size(); pos += std::max<size_t>(1, Utf8SequenceLength(text, pos))) starts.push_back(pos);
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

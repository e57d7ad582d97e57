#include "engine/placeholder.h"

#include <algorithm>
#include <array>
#include <string>

#include "util/text.h"

namespace vigil {
namespace {

constexpr std::array<std::string_view, 20> kPlaceholderWords = {
    "example", "changeme", "change_me", "change-me", "placeholder", "your_", "your-",
    "yourkey", "yoursecret", "yourtoken", "yourpass", "dummy", "sample", "redacted", "xxxx",
    "${", "{{", "%(", "&lt;", "****"};

// Whole passwords that stand for "a password goes here", and the demo accounts
// of database tutorials (root/root, guest/guest, scott/tiger).
constexpr std::array<std::string_view, 13> kPasswordStandIns = {
    "password", "passwd", "pass", "pwd", "changeit", "mypassword", "yourpassword", "none",
    "root", "guest", "tiger", "test", "user"};

// "<your-key>", "<API TOKEN>": a name in angle brackets. A lone '<' or '>' is
// kept, since real secrets (WordPress salts, passwords) may hold them.
bool HasAngleBracketName(std::string_view secret) {
  for (size_t open = secret.find('<'); open != std::string_view::npos; open = secret.find('<', open + 1)) {
    size_t i = open + 1;
    size_t letters = 0;
    while (i < secret.size() && (std::isalnum(static_cast<unsigned char>(secret[i])) || secret[i] == '_' ||
                                 secret[i] == '-' || secret[i] == ' ' || secret[i] == '.')) {
      letters += std::isalpha(static_cast<unsigned char>(secret[i])) ? 1 : 0;
      ++i;
    }
    if (i < secret.size() && secret[i] == '>' && letters >= 3) return true;
  }
  return false;
}

bool HasPlaceholderWord(std::string_view secret) {
  std::string lower = AsciiLower(secret);
  for (std::string_view word : kPlaceholderWords) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

// "aaaaaaaa", "abababab", "abcabcabc": the whole secret is a unit of at most
// four characters repeated.
bool IsShortUnitRepeated(std::string_view secret) {
  if (secret.size() < 6) return false;
  for (size_t unit = 1; unit <= 4 && unit * 2 <= secret.size(); ++unit) {
    bool repeated = true;
    for (size_t i = unit; i < secret.size() && repeated; ++i) repeated = secret[i] == secret[i - unit];
    if (repeated) return true;
  }
  return false;
}

// Eight characters in a row, each one above (or below) the last, as in
// "12345678", "abcdefgh", "98765432": what people type for a key they do not
// have. (Random keys all but never hold one: about 1 in 10^9 for 32 base62
// characters.)
constexpr size_t kStandInRun = 8;

// The longest run of characters each one above (or each one below) the last:
// "123456", "abcdef", "zyxwvu".
size_t LongestSequentialRun(std::string_view secret) {
  size_t longest = secret.empty() ? 0 : 1;
  size_t up = 1, down = 1;
  for (size_t i = 1; i < secret.size(); ++i) {
    auto prev = static_cast<unsigned char>(secret[i - 1]);
    auto cur = static_cast<unsigned char>(secret[i]);
    bool alnum = std::isalnum(cur) && std::isalnum(prev);
    up = (alnum && cur == prev + 1) ? up + 1 : 1;
    down = (alnum && cur + 1 == prev) ? down + 1 : 1;
    longest = std::max({longest, up, down});
  }
  return longest;
}

bool IsPasswordStandIn(std::string_view secret) {
  std::string lower = AsciiLower(secret);
  for (std::string_view word : kPasswordStandIns) {
    if (lower == word) return true;
  }
  return false;
}

}  // namespace

bool LooksLikePlaceholder(std::string_view secret, SecretKind kind) {
  if (HasPlaceholderWord(secret) || HasAngleBracketName(secret) || IsShortUnitRepeated(secret)) return true;
  if (kind == SecretKind::kPassword) {
    return IsPasswordStandIn(secret) || (secret.size() >= 4 && LongestSequentialRun(secret) == secret.size());
  }
  return LongestSequentialRun(secret) >= kStandInRun;
}

}  // namespace vigil

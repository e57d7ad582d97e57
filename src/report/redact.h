// Redaction: secrets never reach output in full unless the user asks.
#pragma once

#include <string>
#include <string_view>

namespace vigil {

// Keeps a short prefix so a person can tell which credential it is: min(4,
// length/4) characters, none when that is under 2 (so secrets under 8
// characters are fully masked), then "*****".
// Redact("ghp_abcdefghijklmnop") == "ghp_*****"; Redact("short") == "*****".
std::string Redact(std::string_view secret);

// `text` with every occurrence of `secret` replaced by Redact(secret).
std::string RedactIn(std::string_view text, std::string_view secret);

}  // namespace vigil

#include "engine/char_model.h"

#include <cmath>

namespace vigil {

// The embedded data/char-model.bin (generated from cmake/char_model_data.cc.in).
std::string_view EmbeddedCharModel();

namespace {

constexpr std::string_view kMagic("VIGCM3\0\0", 8);
constexpr int kOther = CharModel::kSymbols - 1;  // any other byte; the start of a value

int Symbol(unsigned char byte) {
  if (byte == '\t' || byte == '\n' || byte == '\r') return 0;  // as a space
  return byte >= 0x20 && byte < 0x7f ? byte - 0x20 : kOther;
}

bool HexWithDashes(std::string_view text) {
  bool lower = false, upper = false;
  for (unsigned char c : text) {
    if (c >= 'a' && c <= 'f') lower = true;
    else if (c >= 'A' && c <= 'F') upper = true;
    else if (!(c >= '0' && c <= '9') && c != '-') return false;
  }
  return !(lower && upper);
}

// log2 of the size of the smallest usual alphabet holding every byte of `text`.
double AlphabetBits(std::string_view text) {
  bool lower = false, upper = false, digit = false, hex_lower = true, hex_upper = true, base64 = true;
  for (unsigned char c : text) {
    bool is_lower = c >= 'a' && c <= 'z', is_upper = c >= 'A' && c <= 'Z', is_digit = c >= '0' && c <= '9';
    lower |= is_lower;
    upper |= is_upper;
    digit |= is_digit;
    hex_lower &= is_digit || (c >= 'a' && c <= 'f');
    hex_upper &= is_digit || (c >= 'A' && c <= 'F');
    base64 &= is_lower || is_upper || is_digit || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
  }
  if (!lower && !upper && digit) return std::log2(10.0);
  // A UUID's dashes are layout, not key material: hex with dashes is hex.
  if (hex_lower || hex_upper || HexWithDashes(text)) return 4.0;
  bool alnum_only = base64 && text.find_first_of("+/=_-") == std::string_view::npos;
  if (alnum_only && !(lower && upper)) return std::log2(36.0);
  if (alnum_only) return std::log2(62.0);
  if (base64) return 6.0;
  return std::log2(95.0);
}

}  // namespace

const CharModel& CharModel::Default() {
  static const CharModel model = FromBytes(EmbeddedCharModel()).value_or(CharModel(std::string_view()));
  return model;
}

std::optional<CharModel> CharModel::FromBytes(std::string_view bytes) {
  constexpr size_t kTableSize = static_cast<size_t>(kSymbols) * kSymbols * kSymbols;
  if (bytes.size() != kMagic.size() + kTableSize || bytes.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  return CharModel(bytes.substr(kMagic.size()));
}

double CharModel::BitsPerChar(std::string_view text) const {
  if (text.empty() || table_.empty()) return 0.0;
  int a = kOther, b = kOther;
  unsigned total = 0;
  for (unsigned char byte : text) {
    int c = Symbol(byte);
    total += static_cast<unsigned char>(table_[static_cast<size_t>((a * kSymbols + b) * kSymbols + c)]);
    a = b;
    b = c;
  }
  return total / 8.0 / static_cast<double>(text.size());
}

double CharModel::Randomness(std::string_view text) const {
  if (text.empty()) return 0.0;
  return BitsPerChar(text) / AlphabetBits(text);
}

}  // namespace vigil

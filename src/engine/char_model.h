// CharModel: how likely a string is as text people write in source files.
//
// A character trigram model of source code and prose (trained by
// tools/train_char_model.py; data/char-model.bin is embedded at build time)
// gives each character's surprise in bits, given the two before it. Words,
// identifiers, paths and stand-ins are likely sequences (3-7 bits per
// character); random keys are not (10-17 bits per character for alphanumeric
// keys). Divided by the bits a uniform choice from the string's alphabet
// would take (hex: 4, base62: 5.95), this gives Randomness(): about 0.5-1.3
// for words and identifiers, 1.5 and more for machine-made values. Unlike
// Shannon entropy it does not reward a long word for having many distinct
// letters, nor punish a short key for repeating one.
//
// Immutable; every method is const and safe from many threads.
#pragma once

#include <optional>
#include <string_view>

namespace vigil {

class CharModel {
 public:
  static constexpr int kSymbols = 96;

  // The model embedded in the binary.
  static const CharModel& Default();
  // A model from data/char-model.bin's format; nullopt when malformed.
  static std::optional<CharModel> FromBytes(std::string_view bytes);

  // Mean surprise per character in bits; 0 for an empty string.
  double BitsPerChar(std::string_view text) const;
  // BitsPerChar over log2 of the size of the smallest usual alphabet that
  // holds the text (digits, hex, lower- or upper-case alphanumerics,
  // alphanumerics, base64, printable ASCII).
  double Randomness(std::string_view text) const;

 private:
  explicit CharModel(std::string_view table) : table_(table) {}
  std::string_view table_;  // kSymbols^3 bytes of eighths of a bit
};

}  // namespace vigil

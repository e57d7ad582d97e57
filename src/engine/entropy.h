// Shannon entropy of a string, in bits per byte: 0 for "aaaa", 4 for a long
// random hex string, about 6 for random base64.
#pragma once

#include <string_view>

namespace vigil {

double ShannonEntropy(std::string_view text);

}  // namespace vigil

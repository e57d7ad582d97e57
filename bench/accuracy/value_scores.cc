// vigil_value_scores: the generic detector's two scores of candidate values,
// for bench/accuracy/generic_vs_entropy.py.
//
//   vigil_value_scores < values.txt > scores.tsv
//
// Reads one value a line (the secrets the generic rules extracted, so a
// value holds no line break) and writes, for each, one line
// "<randomness>\t<entropy>": CharModel::Randomness (engine/char_model.h, what
// `randomness` compares with) and ShannonEntropy (engine/entropy.h, what
// `entropy` compares with). The values themselves are never written, so the
// output may be kept and printed.
#include <cstdio>
#include <iostream>
#include <string>

#include "engine/char_model.h"
#include "engine/entropy.h"

int main() {
  std::ios::sync_with_stdio(false);
  const vigil::CharModel& model = vigil::CharModel::Default();
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::printf("%.4f\t%.4f\n", model.Randomness(line), vigil::ShannonEntropy(line));
  }
  return std::ferror(stdout) != 0 ? 1 : 0;
}

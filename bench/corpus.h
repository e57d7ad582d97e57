// A deterministic, source-like corpus for benchmarks: code, config and prose
// lines with identifiers, strings and numbers, a share of lines that mention
// secret-ish words (so context rules have candidates to reject), and a few
// planted credentials.
#pragma once

#include <cstddef>
#include <string>

namespace vigil::bench {

// About `bytes` of text; the same seed gives the same text.
std::string MakeSourceCorpus(size_t bytes, unsigned seed = 1);

}  // namespace vigil::bench

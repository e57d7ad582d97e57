// Finding: one confirmed secret, as the engine reports it.
//
// The secret and matched text are kept in memory in full; reporters redact
// them unless the user asked to see secrets.
#pragma once

#include <cstddef>
#include <string>

#include "rules/rule.h"
#include "core/provenance.h"

namespace vigil {

// A span in a blob: byte offsets plus 1-based lines and columns. Columns count
// Unicode code points (an invalid UTF-8 byte counts as one); end is inclusive.
struct Span {
  size_t begin_offset = 0;  // first byte
  size_t end_offset = 0;    // one past the last byte
  int start_line = 0;
  int start_column = 0;
  int end_line = 0;
  int end_column = 0;
};

struct Finding {
  const Rule* rule = nullptr;  // owned by the RuleSet, which outlives findings
  Provenance provenance;
  Span secret_span;            // where the secret is: the reported location
  Span match_span;             // the whole regex match
  std::string secret;
  std::string match;
  std::string line;            // full text of the secret's first line, for context
  std::string end_line;        // full text of the match's last line when the match spans lines
  double entropy = 0.0;
  double randomness = 0.0;     // CharModel::Randomness, when the rule asks for it
  // Stable across line moves: hash of rule id, path and secret (see fingerprint.h).
  std::string fingerprint;
};

}  // namespace vigil

// A compact binary form of a RuleSet, so the vigil binary can carry its
// default pack ready to use.
//
// Parsing the pack's TOML costs about 7 ms of every start, a quarter of an
// editor scan. tools/precompile_rules.cc encodes the pack at build time and
// the binary embeds it (see precompiled_database.h); decoding it costs well
// under a millisecond. Examples are not encoded: only `rules check` reads
// them, and it parses the TOML.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rules/rule.h"

namespace vigil {

std::string EncodeRuleSet(const RuleSet& rules);

// nullopt for bytes that EncodeRuleSet of this version did not write
// (another version, truncated or damaged): the caller parses the TOML.
std::optional<RuleSet> DecodeRuleSet(std::string_view bytes);

}  // namespace vigil

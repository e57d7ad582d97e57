// The default pack encoded at build time (tools/precompile_rules.cc, see
// rule_codec.h) and linked into the vigil binary only.
#pragma once

#include <string_view>

namespace vigil {

// rule_codec.h bytes; empty where none is linked.
std::string_view PrecompiledRulePack();

}  // namespace vigil

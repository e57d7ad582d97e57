// The default pack's Hyperscan database, compiled at build time
// (tools/precompile_rules.cc) and linked into the vigil binary only.
#pragma once

#include <string_view>

namespace vigil {

// Bytes in database_cache.h's stored format; empty where none is linked.
std::string_view PrecompiledDatabase();

}  // namespace vigil

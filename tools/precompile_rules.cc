// Build step: compiles the default rule pack's Hyperscan database once, at
// build time, and writes it for the vigil binary to embed, so a scan with the
// default pack starts without compiling (see engine/database_cache.h).
//
//   precompile_rules OUT.bin
#include <fstream>
#include <iostream>

#include "engine/compiled_rules.h"
#include "engine/database_cache.h"
#include "rules/config.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: precompile_rules OUT.bin\n";
    return 2;
  }
  auto rules = vigil::LoadDefaultRules();
  if (!rules.ok()) {
    std::cerr << "precompile_rules: " << rules.error().ToString() << '\n';
    return 1;
  }
  const std::string key = vigil::CompiledRules::DatabaseKeyFor(rules.value());
  auto compiled = vigil::CompiledRules::Compile(std::move(rules).value());
  if (!compiled.ok()) {
    std::cerr << "precompile_rules: " << compiled.error().ToString() << '\n';
    return 1;
  }
  std::vector<bool> prefilter;
  for (size_t i = 0; i < compiled.value()->rules().size(); ++i) prefilter.push_back(compiled.value()->is_prefilter(i));
  auto bytes = vigil::SerializeDatabase(key, compiled.value()->database(), prefilter);
  if (!bytes) {
    std::cerr << "precompile_rules: cannot serialize the database\n";
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  return out.flush() ? 0 : 1;
}

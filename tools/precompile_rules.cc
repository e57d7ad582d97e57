// Build step: compiles the default rule pack's Hyperscan database once, at
// build time, and writes it for the vigil binary to embed, so a scan with the
// default pack starts without compiling (see engine/database_cache.h). Also
// writes the pack encoded without its examples (rules/rule_codec.h), so a scan
// starts without parsing TOML.
//
//   precompile_rules OUT.hsdb OUT.pack
#include <fstream>
#include <iostream>

#include "engine/compiled_rules.h"
#include "engine/database_cache.h"
#include "rules/config.h"
#include "rules/rule_codec.h"

namespace {

bool WriteFile(const char* path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out.flush());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: precompile_rules OUT.hsdb OUT.pack\n";
    return 2;
  }
  // Examples are only for `rules check`: neither output needs them.
  auto rules = vigil::LoadDefaultRules(vigil::RuleDetail::kWithoutExamples);
  if (!rules.ok()) {
    std::cerr << "precompile_rules: " << rules.error().ToString() << '\n';
    return 1;
  }
  std::string pack = vigil::EncodeRuleSet(rules.value());
  if (!vigil::DecodeRuleSet(pack)) {
    std::cerr << "precompile_rules: the encoded pack does not decode\n";
    return 1;
  }
  const std::string key = vigil::CompiledRules::DatabaseKeyFor(rules.value());
  auto compiled = vigil::CompiledRules::Compile(std::move(rules).value());
  if (!compiled.ok()) {
    std::cerr << "precompile_rules: " << compiled.error().ToString() << '\n';
    return 1;
  }
  // Compiled with no other database, so one database whose ids are rule indexes.
  const auto& databases = compiled.value()->databases();
  if (databases.size() != 1) {
    std::cerr << "precompile_rules: expected one database, got " << databases.size() << '\n';
    return 1;
  }
  std::vector<bool> prefilter;
  for (size_t i = 0; i < compiled.value()->rules().size(); ++i) prefilter.push_back(compiled.value()->is_prefilter(i));
  auto bytes = vigil::SerializeDatabase(key, databases.front().database.get(), prefilter);
  if (!bytes) {
    std::cerr << "precompile_rules: cannot serialize the database\n";
    return 1;
  }
  return WriteFile(argv[1], *bytes) && WriteFile(argv[2], pack) ? 0 : 1;
}

#include "cli/default_pack.h"

#include "engine/database_cache.h"
#include "engine/precompiled_database.h"
#include "rules/config.h"
#include "rules/precompiled_rules.h"
#include "rules/rule_codec.h"

namespace vigil {

DefaultPackLoader DefaultPackLoader::Start() {
  DefaultPackLoader loader;
  loader.loading_ = std::async(std::launch::async, []() -> std::optional<PrecompiledPack> {
    std::optional<RuleSet> rules = DecodeRuleSet(PrecompiledRulePack());
    if (!rules) return std::nullopt;
    return PrecompiledPack::Load(std::move(*rules), PrecompiledDatabase());
  });
  return loader;
}

const PrecompiledPack* DefaultPackLoader::Get() {
  if (!waited_) {
    pack_ = loading_.get();
    waited_ = true;
  }
  return pack_ ? &*pack_ : nullptr;
}

Result<std::shared_ptr<const CompiledRules>> LoadAndCompile(const std::string& config_path,
                                                            const std::string& scan_root, bool use_cache,
                                                            DefaultPackLoader& default_pack) {
  // The embedded pack stands in for parsing its TOML, and its database serves
  // every rule of a config that it has.
  const PrecompiledPack* pack = default_pack.Get();
  auto rules = LoadRuleSet(config_path, scan_root,
                           RuleLoadOptions(RuleDetail::kWithoutExamples, pack != nullptr ? &pack->rules : nullptr));
  if (!rules.ok()) return rules.error();
  CompileOptions options;
  options.precompiled = pack;
  if (use_cache) options.cache_dir = DefaultCacheDir();
  return CompiledRules::Compile(std::move(rules).value(), options);
}

}  // namespace vigil

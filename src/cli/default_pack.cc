#include "cli/default_pack.h"

#include "engine/precompiled_database.h"
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

}  // namespace vigil

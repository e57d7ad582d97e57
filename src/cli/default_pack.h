// The default rule pack the vigil binary embeds, prepared on another thread.
//
// Decoding the pack and deserializing its Hyperscan database take about 4 ms;
// libgit2's start-up takes about 7 (it loads the system's CA certificates).
// main() starts this first, so a command that needs both (staged, git) waits
// only for the longer of the two.
#pragma once

#include <future>
#include <optional>

#include "engine/compiled_rules.h"
#include "util/status.h"

namespace vigil {

class DefaultPackLoader {
 public:
  // Starts decoding on another thread.
  static DefaultPackLoader Start();

  // Waits for the pack. Null when the embedded pack cannot be decoded: the
  // rules then come from parsing the pack's TOML, and are compiled (cached).
  const PrecompiledPack* Get();

 private:
  std::future<std::optional<PrecompiledPack>> loading_;
  std::optional<PrecompiledPack> pack_;
  bool waited_ = false;
};

// The rules a command scans with: `config_path` when given, else
// `<scan_root>/.vigil.toml`, else the default pack; compiled with the pack's
// database (and the compiled-rules cache when `use_cache`).
Result<std::shared_ptr<const CompiledRules>> LoadAndCompile(const std::string& config_path,
                                                            const std::string& scan_root, bool use_cache,
                                                            DefaultPackLoader& default_pack);

}  // namespace vigil

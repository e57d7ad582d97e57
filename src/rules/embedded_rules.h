// The default rule pack, embedded at build time from rules/*.toml
// (see cmake/embed_rules.cmake).
#pragma once

#include <span>
#include <string_view>

namespace vigil {

struct EmbeddedRuleFile {
  std::string_view path;     // e.g. "rules/github.toml"
  std::string_view content;  // TOML text
};

std::span<const EmbeddedRuleFile> EmbeddedRuleFiles();

}  // namespace vigil

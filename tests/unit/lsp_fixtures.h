// Shared pieces of the language server's unit tests: a workspace folder with
// a .vigil.toml, a demo rule, and demo tokens built at test time so the
// repository holds nothing credential-shaped.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/compiled_rules.h"
#include "lsp/workspace.h"
#include "rules/config.h"

namespace vigil::lsp::testing {

namespace fs = std::filesystem;

// A demo rule: "dmo_" and 32 letters and digits; high severity.
inline constexpr const char* kRulesToml = R"toml(
[[rules]]
id = "demo-token"
description = "Demo service token"
regex = '''\b(dmo_[A-Za-z0-9]{32})\b'''
keywords = ["dmo_"]
entropy = 3.0
severity = "high"
remediation = "Revoke it on the demo console and issue a new one."

[[allowlists]]
description = "fixtures"
paths = ['''^fixtures/''']
)toml";

// A random-looking token, different per seed.
inline std::string DemoToken(unsigned seed) {
  static constexpr char kAlphabet[] = "Q7mZp2XkR9vLc4TnW8bHs3JdF6gYt5Ne";
  std::string out = "dmo_";
  unsigned state = seed * 2654435761u + 12345u;
  for (int i = 0; i < 32; ++i) {
    state = state * 1103515245u + 12345u;
    out += kAlphabet[(state >> 16) % 32];
  }
  return out;
}

class Folder {
 public:
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "vigil-lsp-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = fs::path(pattern);
    Write(".vigil.toml", kRulesToml);
  }
  ~Folder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  std::string str() const { return path_.string(); }
  std::string Sub(const std::string& relative) const { return (path_ / relative).string(); }
  void Write(const std::string& relative, const std::string& text) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

// Loads rules as `vigil scan` does for a folder: its .vigil.toml.
inline RulesLoader TestRulesLoader() {
  return [](const std::string& root) -> Result<std::shared_ptr<const CompiledRules>> {
    auto rules = LoadRuleSet("", root);
    if (!rules.ok()) return rules.error();
    return CompiledRules::Compile(std::move(rules).value());
  };
}

}  // namespace vigil::lsp::testing

// Workspace: what applies to the documents under one folder, loaded as
// `vigil scan` loads it for a scan of that folder: the rules (`--config`, else
// `<root>/.vigil.toml`, else the default pack), the filters (inline ignores,
// allowlists, `.vigilignore`, `.gitleaksignore`, the baseline) and git's ignore
// rules. Reloading builds a new Workspace; a loaded one never changes.
//
// Thread rules: const methods are safe from many threads (IsIgnored takes a
// lock around its libgit2 handle).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/compiled_rules.h"
#include "filter/filter_set.h"
#include "source/git_handles.h"
#include "util/status.h"

namespace vigil::lsp {

// Loads and compiles the rules for a folder. The vigil binary passes one that
// uses its embedded, precompiled pack and the compiled-rules cache.
using RulesLoader = std::function<Result<std::shared_ptr<const CompiledRules>>(const std::string& root)>;

struct WorkspaceOptions {
  std::string root;            // absolute folder; its .vigil.toml and ignore files apply
  std::string baseline_path;   // relative to root; empty: <root>/.vigil-baseline when present
  bool honor_gitignore = true; // files .gitignore excludes get no diagnostics
  std::string config_path;     // `--config`, when given (load_rules reads it; watched for changes)
  RulesLoader load_rules;
};

// The baseline a workspace uses by default (README: `vigil baseline create -o .vigil-baseline`).
inline constexpr const char* kDefaultBaselineName = ".vigil-baseline";

class Workspace {
 public:
  // An Error when the config, an allowlist or an ignore or baseline file
  // cannot be read; it names the file and line.
  static Result<std::shared_ptr<const Workspace>> Load(const WorkspaceOptions& options);

  const std::string& root() const { return root_; }
  const std::shared_ptr<const CompiledRules>& rules() const { return rules_; }
  const std::vector<const FindingFilter*>& filters() const { return filters_->all(); }
  const std::string& baseline_path() const { return baseline_path_; }  // empty: none

  // The name a document is scanned under: its path relative to the root,
  // '/'-separated (as `vigil scan` at the root reports it, so fingerprints
  // agree), or the absolute path for a file outside the root.
  std::string ScanPath(const std::string& absolute_path) const;
  // Whether git's ignore rules exclude the file (false outside a work tree).
  bool IsIgnored(const std::string& absolute_path) const;
  // Whether a change to this file changes what the workspace holds.
  bool IsConfigFile(const std::string& absolute_path) const;

 private:
  Workspace() = default;

  std::string root_;
  std::string config_path_;  // empty: default lookup
  std::string baseline_path_;
  std::shared_ptr<const CompiledRules> rules_;
  std::unique_ptr<FilterSet> filters_;
  mutable std::mutex git_mutex_;
  GitRepository repo_;
  std::string workdir_;
};

}  // namespace vigil::lsp

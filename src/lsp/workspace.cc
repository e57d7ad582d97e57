#include "lsp/workspace.h"

#include <filesystem>

namespace vigil::lsp {
namespace fs = std::filesystem;

Result<std::shared_ptr<const Workspace>> Workspace::Load(const WorkspaceOptions& options) {
  auto workspace = std::shared_ptr<Workspace>(new Workspace());
  workspace->root_ = fs::path(options.root).lexically_normal().generic_string();
  while (workspace->root_.size() > 1 && workspace->root_.back() == '/') workspace->root_.pop_back();
  if (!options.config_path.empty()) {
    fs::path config(options.config_path);
    workspace->config_path_ = (config.is_absolute() ? config : fs::path(workspace->root_) / config).string();
  }
  auto rules = options.load_rules(workspace->root_);
  if (!rules.ok()) return rules.error();
  workspace->rules_ = std::move(rules).value();

  std::error_code error;
  if (!options.baseline_path.empty()) {
    fs::path baseline(options.baseline_path);
    workspace->baseline_path_ = (baseline.is_absolute() ? baseline : fs::path(workspace->root_) / baseline).string();
  } else if (fs::path implicit = fs::path(workspace->root_) / kDefaultBaselineName; fs::is_regular_file(implicit, error)) {
    workspace->baseline_path_ = implicit.string();
  }
  auto filters = FilterSet::Create(workspace->rules_->rules(), workspace->root_, workspace->baseline_path_);
  if (!filters.ok()) return filters.error();
  workspace->filters_ = std::move(filters).value();

  if (options.honor_gitignore) {
    git_repository* repo = nullptr;
    if (git_repository_open_ext(&repo, workspace->root_.c_str(), 0, nullptr) == 0) {
      workspace->repo_.reset(repo);
      const char* workdir = git_repository_workdir(repo);
      if (workdir != nullptr) {
        workspace->workdir_ = fs::path(workdir).lexically_normal().generic_string();
      } else {
        workspace->repo_.reset();  // bare: nothing to ignore
      }
    }
  }
  return std::shared_ptr<const Workspace>(std::move(workspace));
}

std::string Workspace::ScanPath(const std::string& absolute_path) const {
  fs::path path = fs::path(absolute_path).lexically_normal();
  fs::path relative = path.lexically_relative(root_);
  std::string text = relative.generic_string();
  if (text.empty() || text == "." || text.starts_with("..")) return path.generic_string();
  return text;
}

bool Workspace::IsIgnored(const std::string& absolute_path) const {
  if (!repo_) return false;
  std::string relative = fs::path(absolute_path).lexically_normal().lexically_relative(workdir_).generic_string();
  if (relative.empty() || relative == "." || relative.starts_with("..")) return false;
  std::lock_guard lock(git_mutex_);
  int ignored = 0;
  if (git_ignore_path_is_ignored(&ignored, repo_.get(), relative.c_str()) != 0) return false;
  return ignored == 1;
}

bool Workspace::IsConfigFile(const std::string& absolute_path) const {
  fs::path path = fs::path(absolute_path).lexically_normal();
  std::string name = path.filename().string();
  if (name == ".vigil.toml" || name == ".vigilignore" || name == ".gitleaksignore" || name == ".gitignore" ||
      name == kDefaultBaselineName) {
    return true;
  }
  if (!baseline_path_.empty() && path == fs::path(baseline_path_).lexically_normal()) return true;
  if (!config_path_.empty() && path == fs::path(config_path_).lexically_normal()) return true;
  return false;
}

}  // namespace vigil::lsp

#include "cli/install_hook.h"

#include <git2.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "source/git_repo.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = "vigil pre-commit hook";

// core.hooksPath (relative to the work tree, as git reads it), else .git/hooks.
Result<fs::path> HooksDirectory(git_repository* repo) {
  git_config* raw_config = nullptr;
  if (git_repository_config_snapshot(&raw_config, repo) == 0) {
    std::unique_ptr<git_config, void (*)(git_config*)> config(raw_config, git_config_free);
    git_buf value = GIT_BUF_INIT;
    if (git_config_get_path(&value, config.get(), "core.hooksPath") == 0) {
      fs::path hooks(value.ptr);
      git_buf_dispose(&value);
      const char* workdir = git_repository_workdir(repo);
      if (hooks.is_relative() && workdir != nullptr) hooks = fs::path(workdir) / hooks;
      return hooks;
    }
  }
  git_buf path = GIT_BUF_INIT;
  if (git_repository_item_path(&path, repo, GIT_REPOSITORY_ITEM_HOOKS) != 0) {
    return Error{"cannot find the hooks directory: " + LastGitError()};
  }
  fs::path hooks(path.ptr);
  git_buf_dispose(&path);
  return hooks;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The hook with `vigil_path` as the binary it runs when VIGIL is not set.
std::string HookScript(const std::string& vigil_path) {
  std::string script(PreCommitHookScript());
  const std::string placeholder = "VIGIL=\"${VIGIL:-vigil}\"";
  if (size_t at = script.find(placeholder); at != std::string::npos && !vigil_path.empty()) {
    script.replace(at, placeholder.size(), "VIGIL=\"${VIGIL:-" + vigil_path + "}\"");
  }
  return script;
}

Status WriteExecutable(const fs::path& path, const std::string& content) {
  fs::path temporary = path;
  temporary += ".vigil-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) return Error{"cannot write the hook", temporary.string()};
  }
  std::error_code error;
  fs::permissions(temporary, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec,
                  error);
  fs::rename(temporary, path, error);
  if (error) return Error{"cannot install the hook: " + error.message(), path.string()};
  return Status::Ok();
}

}  // namespace

Result<std::string> InstallPreCommitHook(const InstallHookOptions& options) {
  auto repo = OpenRepository(options.repo_path);
  if (!repo.ok()) return repo.error();
  auto hooks = HooksDirectory(repo.value().get());
  if (!hooks.ok()) return hooks.error();
  std::error_code error;
  fs::create_directories(hooks.value(), error);
  if (error) return Error{"cannot create the hooks directory: " + error.message(), hooks.value().string()};

  fs::path hook = hooks.value() / "pre-commit";
  fs::path chained = hooks.value() / "pre-commit.local";
  std::string what = "installed";
  if (fs::exists(fs::symlink_status(hook, error))) {
    bool ours = ReadAll(hook).find(kMarker) != std::string::npos;
    if (ours) {
      what = "updated";
    } else if (options.chain) {
      if (fs::exists(fs::symlink_status(chained, error))) {
        return Error{"both a pre-commit hook and pre-commit.local exist; merge them by hand", hooks.value().string()};
      }
      fs::rename(hook, chained, error);
      if (error) return Error{"cannot move the existing hook: " + error.message(), hook.string()};
      what = "installed; the existing hook was kept as pre-commit.local and runs first";
    } else if (options.force) {
      what = "installed, replacing the existing hook";
    } else {
      return Error{"a pre-commit hook that is not vigil's exists; rerun with --chain to keep it (it runs "
                   "before vigil) or --force to replace it",
                   hook.string()};
    }
  }
  Status written = WriteExecutable(hook, HookScript(options.vigil_path));
  if (!written.ok()) return written.error();
  return what + ": " + hook.string();
}

}  // namespace vigil

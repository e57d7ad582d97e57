#include "source/tree_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unordered_set>

#include "source/git_handles.h"
#include "util/text.h"

namespace vigil {
namespace fs = std::filesystem;
namespace {

// "./a/b" -> "a/b", "a/b/" -> "a/b", "." -> "".
std::string CleanRoot(std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  while (root.rfind("./", 0) == 0) root.erase(0, 2);
  if (root == ".") root.clear();
  return root;
}

std::string JoinDisplay(const std::string& root, const std::string& relative) {
  if (root.empty()) return relative;
  if (root == "/") return "/" + relative;
  return root + "/" + relative;
}

bool IsWithin(const fs::path& path, const fs::path& root) {
  auto [root_end, unused] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

// Answers "is this path ignored?" with libgit2, for one scan root.
class IgnoreOracle {
 public:
  IgnoreOracle(const fs::path& canonical_root, bool enabled) {
    if (!enabled) return;
    git_repository* repo = nullptr;
    if (git_repository_open_ext(&repo, canonical_root.c_str(), 0, nullptr) != 0) return;
    repo_.reset(repo);
    const char* workdir = git_repository_workdir(repo);
    if (workdir == nullptr) {
      repo_.reset();
      return;
    }
    workdir_ = fs::path(workdir).lexically_normal();
  }

  bool IsIgnored(const fs::path& canonical_path, bool is_directory) const {
    if (!repo_) return false;
    fs::path relative = canonical_path.lexically_relative(workdir_);
    std::string text = relative.generic_string();
    if (text.empty() || text == "." || text.rfind("..", 0) == 0) return false;
    if (is_directory) text += '/';
    int ignored = 0;
    if (git_ignore_path_is_ignored(&ignored, repo_.get(), text.c_str()) != 0) return false;
    return ignored == 1;
  }

 private:
  GitRepository repo_;
  fs::path workdir_;
};

class Walker {
 public:
  Walker(const TreeSourceOptions& options, WorkSink& work, SkipSink& skips)
      : options_(options), work_(work), skips_(skips) {}

  void WalkRoot(const std::string& given) {
    std::error_code error;
    fs::file_status status = fs::status(given, error);  // follows a link named by the user
    if (error || !fs::exists(status)) {
      std::string reason = fs::is_symlink(fs::symlink_status(given, error)) ? "broken symlink" : "not found";
      skips_.Skip(given, reason, std::string(reason == "not found" ? "no such file or directory" : reason));
      return;
    }
    fs::path canonical = fs::canonical(given, error);
    if (error) {
      skips_.Skip(given, "unreadable", "cannot resolve path: " + error.message());
      return;
    }
    root_ = canonical;
    display_root_ = CleanRoot(given);
    ignore_ = std::make_unique<IgnoreOracle>(canonical, options_.honor_gitignore);
    if (fs::is_directory(status)) {
      WalkDirectory(canonical, "");
    } else if (fs::is_regular_file(status)) {
      EmitFile(canonical, EscapeInvalidUtf8(display_root_.empty() ? given : display_root_));
    } else {
      skips_.Skip(given, "not a regular file", "");
    }
  }

 private:
  void WalkDirectory(const fs::path& directory, const std::string& relative) {
    // Overlapping roots ("." and "src") walk each directory once.
    if (!seen_directories_.insert(directory.string()).second) return;
    std::error_code error;
    fs::directory_iterator it(directory, fs::directory_options::none, error);
    if (error) {
      std::string display = relative.empty() ? (display_root_.empty() ? "." : display_root_)
                                             : JoinDisplay(display_root_, relative);
      skips_.Skip(EscapeInvalidUtf8(display), "unreadable", "cannot read directory: " + error.message());
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(error)) {
      if (error) break;
      VisitEntry(*it, relative);
    }
    if (error) {
      skips_.Warn(EscapeInvalidUtf8(JoinDisplay(display_root_, relative)),
                  "directory listing stopped early: " + error.message());
    }
  }

  void VisitEntry(const fs::directory_entry& entry, const std::string& parent) {
    std::string name = entry.path().filename().string();
    std::string relative = parent.empty() ? name : parent + "/" + name;
    std::string display = EscapeInvalidUtf8(JoinDisplay(display_root_, relative));
    std::error_code error;
    fs::file_status status = entry.symlink_status(error);
    if (error) {
      skips_.Skip(display, "unreadable", "cannot stat: " + error.message());
      return;
    }
    if (fs::is_directory(status) && name == ".git") return;  // git's own data, not content
    if (fs::is_symlink(status)) {
      VisitSymlink(entry.path(), display);
      return;
    }
    bool is_directory = fs::is_directory(status);
    if (ignore_->IsIgnored(entry.path(), is_directory)) {
      skips_.Skip(display, "gitignored", "");
      return;
    }
    if (is_directory) {
      WalkDirectory(entry.path(), relative);
    } else if (fs::is_regular_file(status)) {
      EmitFile(entry.path(), display);
    } else {
      skips_.Skip(display, "not a regular file", "");
    }
  }

  void VisitSymlink(const fs::path& link, const std::string& display) {
    std::error_code error;
    fs::path target = fs::canonical(link, error);
    if (error) {
      skips_.Skip(display, "broken symlink", "broken symlink: " + error.message());
    } else if (!IsWithin(target, root_)) {
      skips_.Skip(display, "symlink out of tree", "symlink points out of the scanned tree, not followed");
    } else {
      skips_.Skip(display, "symlink", "");  // the target is scanned at its own path
    }
  }

  // `path` is canonical: built from a canonical root without following links.
  void EmitFile(const fs::path& path, const std::string& display) {
    if (!seen_files_.insert(path.string()).second) return;
    WorkItem item;
    item.provenance.kind = Provenance::Kind::kFile;
    item.provenance.path = display;
    item.locator = path.string();
    work_.Emit(std::move(item));
  }

  const TreeSourceOptions& options_;
  WorkSink& work_;
  SkipSink& skips_;
  fs::path root_;
  std::string display_root_;
  std::unique_ptr<IgnoreOracle> ignore_;
  std::unordered_set<std::string> seen_directories_;
  std::unordered_set<std::string> seen_files_;
};

// Closes a file descriptor on scope exit.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

LoadResult Skipped(std::string reason, std::string warning = "") {
  LoadResult result;
  result.skip_reason = std::move(reason);
  result.warning = std::move(warning);
  return result;
}

}  // namespace

Status TreeSource::Produce(WorkSink& work, SkipSink& skips) {
  Walker walker(options_, work, skips);
  for (const std::string& root : options_.roots) walker.WalkRoot(root);
  return Status::Ok();
}

LoadResult TreeSource::Load(WorkItem item, WorkerState* /*state*/) const {
  return LoadFile(item.locator, std::move(item.provenance), options_.max_file_size);
}

LoadResult CheckContent(std::string bytes, Provenance provenance, uint64_t max_file_size) {
  if (bytes.size() > max_file_size) {
    return Skipped("too large", "");
  }
  if (LooksBinary(bytes)) return Skipped("binary");
  LoadResult result;
  result.blob = Blob::Owned(std::move(provenance), std::move(bytes));
  return result;
}

LoadResult LoadFile(const std::string& path, Provenance provenance, uint64_t max_file_size) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) return Skipped("unreadable", std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return Skipped("unreadable", std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(info.st_mode)) return Skipped("not a regular file");
  auto size = static_cast<uint64_t>(info.st_size);
  if (size > max_file_size) return Skipped("too large");

  std::string bytes;
  bytes.resize(static_cast<size_t>(size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t got = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Skipped("unreadable", std::string("read failed: ") + std::strerror(errno));
    if (got == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  return CheckContent(std::move(bytes), std::move(provenance), max_file_size);
}

}  // namespace vigil

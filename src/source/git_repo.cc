#include "source/git_repo.h"

#include <ctime>
#include <map>
#include <tuple>

#include "core/fingerprint.h"
#include "source/tree_source.h"
#include "util/text.h"

namespace vigil {

std::string OidHex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof(hex), &oid);
  return hex;
}

Result<GitRepository> OpenRepository(const std::string& path) {
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, path.c_str(), 0, nullptr) != 0) {
    return Error{"not a git repository: " + LastGitError(), path};
  }
  return GitRepository(repo);
}

std::string IsoDate(const git_time& time) {
  std::time_t local = static_cast<std::time_t>(time.time + time.offset * 60);
  std::tm parts{};
  gmtime_r(&local, &parts);
  char buffer[64];
  int offset = time.offset;
  char sign = offset < 0 ? '-' : '+';
  offset = offset < 0 ? -offset : offset;
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, sign,
                offset / 60, offset % 60);
  return buffer;
}

GitOrigin ReadCommitOrigin(git_repository* repo, const git_oid& oid) {
  GitOrigin origin;
  origin.commit = OidHex(oid);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &oid) != 0) return origin;
  GitCommit commit(raw);
  if (const git_signature* author = git_commit_author(commit.get())) {
    origin.author_name = author->name != nullptr ? author->name : "";
    origin.author_email = author->email != nullptr ? author->email : "";
    origin.date = IsoDate(author->when);
  }
  const char* summary = git_commit_summary(commit.get());
  origin.summary = summary != nullptr ? summary : "";
  return origin;
}

GitBlobReader::GitBlobReader(const std::string& repo_path, const PackIndex* packs)
    : pack_reader_(packs != nullptr ? std::make_unique<PackReader>(*packs) : nullptr) {
  auto repo = OpenRepository(repo_path);
  if (!repo.ok()) {
    open_error_ = repo.error().message;
    return;
  }
  repo_ = std::move(repo).value();
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repo_.get()) != 0) {
    open_error_ = LastGitError();
    return;
  }
  odb_.reset(odb);
}

LoadResult GitBlobReader::Load(WorkItem item, uint64_t max_file_size) {
  LoadResult result;
  if (!odb_) {
    result.skip_reason = "unreadable";
    result.warning = "cannot open repository: " + open_error_;
    return result;
  }
  git_oid oid;
  if (git_oid_fromstr(&oid, item.locator.c_str()) != 0) {
    result.skip_reason = "corrupt object";
    result.warning = "bad object id " + item.locator;
    return result;
  }
  std::string_view bytes;
  std::shared_ptr<const void> keep_alive;
  git_object_t type = GIT_OBJECT_INVALID;
  PackReader::Object packed = pack_reader_ ? pack_reader_->Read(oid, max_file_size) : PackReader::Object{};
  if (packed.too_large) {
    result.skip_reason = "too large";
    return result;
  }
  if (packed.data) {
    bytes = *packed.data;
    type = static_cast<git_object_t>(packed.type);
    keep_alive = std::move(packed.data);
  } else {
    // Loose, or a pack entry the reader could not make sense of: libgit2
    // reads it or says what is wrong.
    size_t size = 0;
    git_object_t header_type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &header_type, odb_.get(), &oid) != 0) {
      result.skip_reason = "corrupt object";
      result.warning = "cannot read blob " + item.locator + ": " + LastGitError();
      return result;
    }
    if (size > max_file_size) {
      result.skip_reason = "too large";
      return result;
    }
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb_.get(), &oid) != 0) {
      result.skip_reason = "corrupt object";
      result.warning = "cannot read blob " + item.locator + ": " + LastGitError();
      return result;
    }
    std::shared_ptr<git_odb_object> object(raw, git_odb_object_free);
    bytes = std::string_view(static_cast<const char*>(git_odb_object_data(object.get())),
                             git_odb_object_size(object.get()));
    type = git_odb_object_type(object.get());
    keep_alive = std::move(object);
  }
  if (type != GIT_OBJECT_BLOB) {
    result.skip_reason = "corrupt object";
    result.warning = "object " + item.locator + " is not a blob";
    return result;
  }
  if (LooksBinary(bytes)) {
    result.skip_reason = "binary";
    return result;
  }
  Blob blob = Blob::Borrowed(std::move(item.provenance), bytes, std::move(keep_alive));
  blob.set_added_lines(std::move(item.added_lines));
  result.blob = std::move(blob);
  return result;
}

namespace {

// True when the blob at `path` in HEAD's tree still holds `secret`.
bool SecretInHead(git_repository* repo, git_tree* head_tree, const std::string& path,
                  const std::string& secret) {
  if (head_tree == nullptr) return false;
  git_tree_entry* raw_entry = nullptr;
  if (git_tree_entry_bypath(&raw_entry, head_tree, path.c_str()) != 0) return false;
  std::unique_ptr<git_tree_entry, void (*)(git_tree_entry*)> entry(raw_entry, git_tree_entry_free);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return false;
  git_blob* raw_blob = nullptr;
  if (git_blob_lookup(&raw_blob, repo, git_tree_entry_id(entry.get())) != 0) return false;
  GitBlob blob(raw_blob);
  std::string_view content(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                           static_cast<size_t>(git_blob_rawsize(blob.get())));
  return content.find(secret) != std::string_view::npos;
}

GitTree HeadTree(git_repository* repo) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo, "HEAD^{tree}") != 0) return nullptr;
  return GitTree(reinterpret_cast<git_tree*>(raw));
}

}  // namespace

std::vector<Finding> AttributeGitFindings(git_repository* repo, std::vector<Finding> findings,
                                          const std::unordered_map<std::string, size_t>& commit_order) {
  auto order = [&](const Finding& finding) {
    auto it = commit_order.find(finding.provenance.git->commit);
    return it == commit_order.end() ? SIZE_MAX : it->second;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Finding> merged;
  for (Finding& finding : findings) {
    auto key = std::make_tuple(finding.rule->id, finding.secret, finding.provenance.path);
    auto [it, inserted] = merged.try_emplace(key, finding);
    if (inserted) continue;
    Finding& kept = it->second;
    size_t occurrences = kept.provenance.git->occurrences + 1;
    if (order(finding) < order(kept)) kept = std::move(finding);
    kept.provenance.git->occurrences = occurrences;
  }

  GitTree head_tree = HeadTree(repo);
  std::unordered_map<std::string, GitOrigin> origins;
  std::vector<Finding> out;
  out.reserve(merged.size());
  for (auto& [key, finding] : merged) {
    GitOrigin& git = *finding.provenance.git;
    auto cached = origins.find(git.commit);
    if (cached == origins.end()) {
      git_oid oid;
      GitOrigin origin;
      if (git_oid_fromstr(&oid, git.commit.c_str()) == 0) origin = ReadCommitOrigin(repo, oid);
      cached = origins.emplace(git.commit, std::move(origin)).first;
    }
    const GitOrigin& origin = cached->second;
    git.author_name = origin.author_name;
    git.author_email = origin.author_email;
    git.date = origin.date;
    git.summary = origin.summary;
    git.in_head = SecretInHead(repo, head_tree.get(), finding.provenance.path, finding.secret);
    finding.fingerprint = Fingerprint(finding.rule->id, finding.provenance.path, finding.secret);
    out.push_back(std::move(finding));
  }
  return out;
}

}  // namespace vigil

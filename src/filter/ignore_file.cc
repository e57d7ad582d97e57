#include "filter/ignore_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigil {
namespace {

// Calls `take` with each line stripped of comments and surrounding blanks.
template <typename Take>
void ForEachEntry(std::string_view text, Take take) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
    if (!line.empty()) take(line);
    start = end + 1;
  }
}

Result<std::string> ReadIfPresent(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{std::string("cannot read: ") + std::strerror(errno), path.string()};
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

Result<std::unique_ptr<IgnoreFileFilter>> IgnoreFileFilter::Load(const std::string& root) {
  auto filter = std::make_unique<IgnoreFileFilter>();
  auto vigil = ReadIfPresent(std::filesystem::path(root) / ".vigilignore");
  if (!vigil.ok()) return vigil.error();
  filter->AddVigilIgnore(vigil.value());
  auto gitleaks = ReadIfPresent(std::filesystem::path(root) / ".gitleaksignore");
  if (!gitleaks.ok()) return gitleaks.error();
  filter->AddGitleaksIgnore(gitleaks.value());
  return filter;
}

void IgnoreFileFilter::AddVigilIgnore(std::string_view text) {
  ForEachEntry(text, [&](std::string_view entry) {
    // A line may carry notes after the fingerprint: "fp  rule  path".
    fingerprints_.emplace(entry.substr(0, entry.find_first_of(" \t")));
  });
}

void IgnoreFileFilter::AddGitleaksIgnore(std::string_view text) {
  ForEachEntry(text, [&](std::string_view entry) { gitleaks_keys_.emplace(entry); });
}

bool IgnoreFileFilter::Keep(const Finding& finding) const {
  if (fingerprints_.contains(finding.fingerprint)) return false;
  if (gitleaks_keys_.empty()) return true;
  return !gitleaks_keys_.contains(GitleaksFingerprint(finding));
}

}  // namespace vigil

#include "source/git_diff.h"

#include <algorithm>
#include <map>

namespace vigil {
namespace {

struct Collector {
  std::map<std::string, std::pair<git_oid, std::vector<int>>> files;
};

int OnDiffLine(const git_diff_delta* delta, const git_diff_hunk* /*hunk*/, const git_diff_line* line,
               void* payload) {
  if (line->origin != GIT_DIFF_LINE_ADDITION || line->new_lineno <= 0) return 0;
  if (delta->new_file.mode == GIT_FILEMODE_COMMIT || delta->new_file.mode == GIT_FILEMODE_LINK) return 0;
  auto& [oid, lines] = static_cast<Collector*>(payload)->files[delta->new_file.path];
  oid = delta->new_file.id;
  lines.push_back(line->new_lineno);
  return 0;
}

std::vector<LineRange> ToRanges(std::vector<int> lines) {
  std::sort(lines.begin(), lines.end());
  std::vector<LineRange> ranges;
  for (int line : lines) {
    if (!ranges.empty() && line <= ranges.back().last + 1) {
      ranges.back().last = std::max(ranges.back().last, line);
    } else {
      ranges.push_back(LineRange{line, line});
    }
  }
  return ranges;
}

}  // namespace

git_diff_options AddedLinesDiffOptions() {
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = 0;
  return options;
}

Result<std::vector<AddedLines>> CollectAddedLines(git_diff* diff) {
  git_diff_find_options find_options;
  git_diff_find_options_init(&find_options, GIT_DIFF_FIND_OPTIONS_VERSION);
  find_options.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar(diff, &find_options) != 0) return Error{"rename detection failed: " + LastGitError()};
  Collector collector;
  if (git_diff_foreach(diff, nullptr, nullptr, nullptr, OnDiffLine, &collector) != 0) {
    return Error{"cannot read the diff: " + LastGitError()};
  }
  std::vector<AddedLines> out;
  for (auto& [path, file] : collector.files) {
    out.push_back(AddedLines{path, file.first, ToRanges(std::move(file.second))});
  }
  return out;
}

}  // namespace vigil

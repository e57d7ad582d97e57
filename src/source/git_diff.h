// Added lines of a libgit2 diff, per file: what the range gate and the
// pre-commit scan report on. Renames are detected first, so a moved file
// contributes only the lines its move changed.
#pragma once

#include <git2.h>

#include <string>
#include <vector>

#include "core/blob.h"
#include "source/git_handles.h"
#include "util/status.h"

namespace vigil {

struct AddedLines {
  std::string path;  // new path, raw bytes
  git_oid blob;      // the new side's blob
  std::vector<LineRange> ranges;
};

// Detects renames in `diff`, then lists the added lines of every file that
// has some (gitlinks and symlinks left out), sorted by path.
Result<std::vector<AddedLines>> CollectAddedLines(git_diff* diff);

// Diff options for added-lines modes: no context lines.
git_diff_options AddedLinesDiffOptions();

}  // namespace vigil

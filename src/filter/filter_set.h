// FilterSet: the filters of one scan, in the order they are asked: inline
// ignores, allowlists, the ignore files at the scan root, the baseline.
// `vigil scan`, `git`, `staged` and the language server build theirs here, so
// every front end drops exactly the same findings.
//
// Immutable once created; all() may be used from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "filter/allowlist_filter.h"
#include "filter/baseline.h"
#include "filter/filter.h"
#include "filter/ignore_file.h"
#include "filter/inline_ignore.h"
#include "rules/rule.h"
#include "util/status.h"

namespace vigil {

class FilterSet {
 public:
  // Reads `<root>/.vigilignore` and `<root>/.gitleaksignore` when present, and
  // `baseline_path` when it is not empty. An unreadable file or an allowlist
  // regex that does not compile is an Error.
  static Result<std::unique_ptr<FilterSet>> Create(const RuleSet& rules, const std::string& root,
                                                   const std::string& baseline_path);

  const std::vector<const FindingFilter*>& all() const { return all_; }

 private:
  FilterSet() = default;
  InlineIgnore inline_ignore_;
  std::unique_ptr<AllowlistFilter> allowlists_;
  std::unique_ptr<IgnoreFileFilter> ignore_file_;
  std::unique_ptr<BaselineFilter> baseline_;
  std::vector<const FindingFilter*> all_;
};

}  // namespace vigil

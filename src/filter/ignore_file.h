// IgnoreFileFilter: findings a person has ruled out by fingerprint.
//
// `.vigilignore` holds one vigil fingerprint a line (`#` starts a comment).
// `.gitleaksignore` is read too, in gitleaks' forms `path:rule:line` and
// `commit:path:rule:line`, so a repository moving from gitleaks keeps its
// decisions.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/fingerprint.h"
#include "filter/filter.h"
#include "util/status.h"

namespace vigil {

class IgnoreFileFilter : public FindingFilter {
 public:
  // Reads `<root>/.vigilignore` and `<root>/.gitleaksignore` when present.
  // An unreadable file is an Error; a missing one is not.
  static Result<std::unique_ptr<IgnoreFileFilter>> Load(const std::string& root);

  void AddVigilIgnore(std::string_view text);
  void AddGitleaksIgnore(std::string_view text);

  std::string name() const override { return "ignore file"; }
  bool Keep(const Finding& finding) const override;
  bool empty() const { return fingerprints_.empty() && gitleaks_keys_.empty(); }

 private:
  std::unordered_set<std::string> fingerprints_;
  std::unordered_set<std::string> gitleaks_keys_;
};

}  // namespace vigil

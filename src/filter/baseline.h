// Baselines: accept today's findings once, report only new ones after.
//
// The file lists one finding a line, `fingerprint<TAB>rule<TAB>path`, sorted
// by path, rule and fingerprint, after a header comment. It holds no secret,
// no timestamp and no line number: fingerprints hash rule, path and secret, so
// a finding keeps its entry when lines move, while a different secret on the
// same line is new. Sorted, one-line entries merge cleanly between branches.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/finding.h"
#include "filter/filter.h"
#include "util/status.h"

namespace vigil {

std::string FormatBaseline(const std::vector<Finding>& findings);

class BaselineFilter : public FindingFilter {
 public:
  static Result<std::unique_ptr<BaselineFilter>> Load(const std::string& path);
  static std::unique_ptr<BaselineFilter> Parse(std::string_view text);

  std::string name() const override { return "baseline"; }
  bool Keep(const Finding& finding) const override { return !fingerprints_.contains(finding.fingerprint); }
  size_t size() const { return fingerprints_.size(); }

 private:
  std::unordered_set<std::string> fingerprints_;
};

}  // namespace vigil

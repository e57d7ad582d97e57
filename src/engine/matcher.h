// Matcher: turns one Blob into Findings.
//
//   auto compiled = CompiledRules::Compile(std::move(rule_set));  // once
//   Matcher matcher(compiled.value());                             // once per thread
//   std::vector<Finding> findings;
//   matcher.Scan(blob, findings);                                  // per blob
//
// How a blob is scanned:
//  1. Candidates. One Hyperscan pass over the bytes runs every rule at once
//     (two when a config adds rules to the precompiled default pack).
//     Each pattern is compiled with HS_FLAG_SINGLEMATCH, so the pass only says
//     which rules fired; its cost is one linear scan whatever the rule count.
//     Rules bound to a `path` are not in that pass; they count as fired on
//     every blob whose path matches theirs.
//  2. Confirm. For each rule that fired (and whose `path` matches the blob's
//     path), RE2 finds every match in the blob and extracts the secret group.
//     Most blobs fire no rule, so RE2 runs on a small fraction of the input.
//     Hyperscan and RE2 both see Latin-1 bytes, so a prefiltered pattern's
//     superset is confirmed with the same semantics.
//  3. Checks. A secret is dropped when its entropy is below the rule's
//     `entropy`, when none of the rule's keywords is on the match's lines, when
//     it looks like a placeholder, or when it lies outside the blob's added lines.
//     A finding of a rule tagged "generic" is dropped when a specific rule
//     found a secret overlapping it.
//
// Thread rules: CompiledRules is shared and read-only. A Matcher owns its
// Hyperscan scratch, so each thread needs its own Matcher; a Matcher is not
// safe to use from two threads at once.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "engine/compiled_rules.h"
#include "core/finding.h"
#include "core/blob.h"
#include "util/status.h"
#include "util/text.h"

namespace vigil {

struct MatcherOptions {
  // Drop a "generic" rule's finding when a specific rule's secret overlaps it.
  bool drop_shadowed_generic = true;
};

// A byte range of a blob that RE2 searches for one rule.
struct ConfirmRegion {
  size_t begin = 0;
  size_t end = 0;
};

class Matcher {
 public:
  // Allocates scratch; check status() before scanning.
  explicit Matcher(std::shared_ptr<const CompiledRules> rules, MatcherOptions options = {});

  const Status& status() const { return status_; }
  const CompiledRules& compiled() const { return *rules_; }

  // Appends the blob's findings to `out`. Fails only when Hyperscan does.
  Status Scan(const Blob& blob, std::vector<Finding>& out);

  // Appends the findings of path-only rules (Rule::path_only) for a file whose
  // content was not scanned (binary, too large): such a file is still a finding.
  void ScanPathOnly(const Provenance& provenance, std::vector<Finding>& out);

 private:
  void ConfirmRule(size_t rule_index, const Blob& blob, std::span<const ConfirmRegion> regions, std::vector<Finding>& out);
  void ConfirmInRegion(const Rule& rule, const Blob& blob, const ConfirmRegion& region, std::optional<LineIndex>& lines,
                       std::vector<Finding>& out);
  void AddFileFinding(const Rule& rule, const Provenance& provenance, std::vector<Finding>& out);

  std::shared_ptr<const CompiledRules> rules_;
  MatcherOptions options_;
  HsScratch scratch_;
  Status status_;
  std::vector<unsigned> fired_;  // reused across blobs
  std::vector<std::pair<unsigned, size_t>> hits_;  // windowed rules' candidate matches
  std::vector<ConfirmRegion> regions_;
};

}  // namespace vigil

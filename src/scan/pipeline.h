// RunScan: the pipeline that ties a Source, the Matcher and the filters
// together, and feeds findings to a sink.
//
// Threads: `threads` threads scan in all. The calling thread runs
// Source::Produce and queues work items; `threads - 1` workers take them. Each
// scanning thread owns a Matcher (and so a Hyperscan scratch) and the source's
// per-thread state, and loads, scans and filters blobs. The calling thread
// scans too: an item it cannot queue (the queue is full) and, once the source
// is exhausted, what is left in the queue. Findings reach `on_finding` under a lock, in completion order; the
// returned findings are sorted by path, line, column and rule, so every
// report but streaming JSONL is deterministic. Memory is bounded by the queue
// and the blobs in flight, not by the size of the input.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <vector>

#include "engine/compiled_rules.h"
#include "core/finding.h"
#include "filter/filter.h"
#include "scan/stats.h"
#include "source/source.h"
#include "util/status.h"

namespace vigil {

struct PipelineOptions {
  unsigned threads = 0;           // scanning threads, the caller's included; 0: one per core
  bool print_warnings = true;     // warnings to `warnings` as they happen
  std::vector<const FindingFilter*> filters;  // all must keep a finding
  bool progress = false;          // a progress line on `warnings` (a terminal)
};

struct ScanOutcome {
  std::vector<Finding> findings;  // sorted
  ScanStats stats;
};

Result<ScanOutcome> RunScan(Source& source, const std::shared_ptr<const CompiledRules>& rules,
                            const PipelineOptions& options,
                            const std::function<void(const Finding&)>& on_finding,
                            std::ostream& warnings);

// Keeps the findings every filter keeps; counts the others in `stats`.
std::vector<Finding> ApplyFilters(std::vector<Finding> findings, const std::vector<const FindingFilter*>& filters,
                                  ScanStats& stats);

// Sort order of reports: path, line, column, rule id.
void SortFindings(std::vector<Finding>& findings);

}  // namespace vigil

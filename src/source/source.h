// Source: where blobs come from (a directory tree, stdin, git history, the
// index). The pipeline calls Produce once on one thread, which emits work
// items; worker threads turn items into blobs with Load, using per-thread
// state (a file buffer, a libgit2 repository handle).
//
// Every input a source passes over is reported to the SkipSink with a reason,
// so nothing is dropped silently.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/blob.h"
#include "util/status.h"

namespace vigil {

struct WorkItem {
  Provenance provenance;
  std::string locator;  // what Load needs: a filesystem path, an object id
  uint64_t size = 0;    // when known up front; 0 otherwise
  std::vector<LineRange> added_lines;  // diff modes: report only inside these
  // Items one thread takes in this order, for sources whose reading cost
  // depends on it (a history audit's packed blobs: the thread's cache of
  // delta bases serves the whole run). An item with a run carries nothing else.
  std::vector<WorkItem> run;
};

// What loading one item gave: a blob to scan, or a reason it was skipped.
struct LoadResult {
  std::optional<Blob> blob;
  std::string skip_reason;  // e.g. "binary", "too large", "unreadable"
  std::string warning;      // set when a person should hear about it
  // A second load of an input whose skip was already counted and warned
  // about (a history audit's path scan of a blob its path-less scan skipped).
  bool skip_already_counted = false;
};

// Where Produce sends work items.
class WorkSink {
 public:
  virtual ~WorkSink() = default;
  // Takes the item. When every worker is busy, the caller may scan it itself
  // before this returns.
  virtual void Emit(WorkItem item) = 0;
  // Takes the item only if a worker can pick it up; otherwise hands it back,
  // so a producer with other work to do keeps it for later.
  virtual std::optional<WorkItem> Offer(WorkItem item) = 0;
};

class SkipSink {
 public:
  virtual ~SkipSink() = default;
  // `warning` empty: counted only. Otherwise also shown as a warning.
  virtual void Skip(const std::string& path, const std::string& reason, const std::string& warning) = 0;
  // A warning that is not about one skipped input.
  virtual void Warn(const std::string& path, const std::string& message) = 0;
};

class Source {
 public:
  // Opaque per-thread state for Load.
  class WorkerState {
   public:
    virtual ~WorkerState() = default;
  };

  virtual ~Source() = default;
  // Emits every item; returns an Error only when the whole source fails.
  virtual Status Produce(WorkSink& work, SkipSink& skips) = 0;
  virtual std::unique_ptr<WorkerState> NewWorkerState() const { return nullptr; }
  // Called from worker threads, each with its own state.
  virtual LoadResult Load(WorkItem item, WorkerState* state) const = 0;
};

}  // namespace vigil

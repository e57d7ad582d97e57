#include "scan/pipeline.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <chrono>
#include <mutex>
#include <thread>

#include "engine/matcher.h"
#include "util/bounded_queue.h"

namespace vigil {
namespace {

constexpr size_t kQueueCapacity = 1 << 16;

// A file name may hold escape sequences or newlines; on a terminal they must
// not redraw the screen or forge a line of output.
std::string EscapeControl(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof(escaped), "\\x%02X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

// Collects skips, warnings and findings from every thread.
class Collector : public SkipSink {
 public:
  Collector(bool print_warnings, std::ostream& warnings,
            const std::function<void(const Finding&)>& on_finding)
      : print_warnings_(print_warnings), warnings_(warnings), on_finding_(on_finding) {}

  void Skip(const std::string& path, const std::string& reason, const std::string& warning) override {
    std::lock_guard lock(mutex_);
    ++stats_.skipped[reason];
    if (!warning.empty()) WarnLocked(path, warning);
  }

  void Warn(const std::string& path, const std::string& message) override {
    std::lock_guard lock(mutex_);
    WarnLocked(path, message);
  }

  void Scanned(uint64_t bytes, std::vector<Finding> findings, const std::vector<const FindingFilter*>& filters) {
    std::lock_guard lock(mutex_);
    ++stats_.files_scanned;
    stats_.bytes_scanned += bytes;
    AddLocked(std::move(findings), filters);
  }

  // Findings about an input whose content was skipped (and counted as such).
  void Found(std::vector<Finding> findings, const std::vector<const FindingFilter*>& filters) {
    std::lock_guard lock(mutex_);
    AddLocked(std::move(findings), filters);
  }

  // Counters for the progress line, read without the lock.
  std::atomic<uint64_t> emitted{0};
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<bool> producing{true};

  // Shows progress while `stop` is not requested; clears its line at the end.
  void ShowProgress(std::stop_token stop, std::chrono::steady_clock::time_point started) {
    progress_shown_ = true;
    while (!stop.stop_requested()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      uint64_t finished = done.load();
      uint64_t total = emitted.load();
      double mib = static_cast<double>(bytes_done.load()) / (1 << 20);
      char line[160];
      int length = std::snprintf(line, sizeof(line), "\rvigil: %llu/%llu%s objects, %.1f MiB, %.1f MiB/s",
                                 static_cast<unsigned long long>(finished),
                                 static_cast<unsigned long long>(total), producing.load() ? "+" : "", mib,
                                 seconds > 0 ? mib / seconds : 0.0);
      if (!producing.load() && finished > 0 && finished < total) {
        double eta = seconds / static_cast<double>(finished) * static_cast<double>(total - finished);
        length += std::snprintf(line + length, sizeof(line) - static_cast<size_t>(length), ", ETA %.0fs", eta);
      }
      std::lock_guard lock(mutex_);
      warnings_ << line << "\x1b[K" << std::flush;
    }
    std::lock_guard lock(mutex_);
    warnings_ << "\r\x1b[K" << std::flush;
  }

  ScanOutcome Take() {
    std::lock_guard lock(mutex_);
    ScanOutcome outcome{std::move(findings_), std::move(stats_)};
    outcome.stats.findings = outcome.findings.size();
    return outcome;
  }

 private:
  void AddLocked(std::vector<Finding> findings, const std::vector<const FindingFilter*>& filters) {
    for (Finding& finding : ApplyFilters(std::move(findings), filters, stats_)) {
      on_finding_(finding);
      findings_.push_back(std::move(finding));
    }
  }

  void WarnLocked(const std::string& path, const std::string& message) {
    if (print_warnings_) {
      warnings_ << (progress_shown_ ? "\r\x1b[K" : "") << "vigil: warning: " << EscapeControl(path) << ": "
                << EscapeControl(message) << '\n';
    }
    stats_.warnings.push_back(Warning{path, message});
  }

  const bool print_warnings_;
  std::atomic<bool> progress_shown_{false};
  std::ostream& warnings_;
  const std::function<void(const Finding&)>& on_finding_;
  std::mutex mutex_;
  ScanStats stats_;
  std::vector<Finding> findings_;
};

// Loads, scans and filters work items on one thread. Each thread that scans
// (the workers and the producer, when it helps) owns one.
class ScanWorker {
 public:
  ScanWorker(const Source& source, const std::shared_ptr<const CompiledRules>& rules, Collector& collector,
             const std::vector<const FindingFilter*>& filters)
      : source_(source), matcher_(rules), state_(source.NewWorkerState()), collector_(collector), filters_(filters) {}

  void Process(WorkItem item) {
    if (!item.run.empty()) {
      for (WorkItem& each : item.run) Process(std::move(each));
      return;
    }
    // An item without a path (a packed blob a history audit scans before
    // walking to it) is named by what locates it.
    std::string path = item.provenance.path.empty() ? item.locator : item.provenance.path;
    if (!matcher_.status().ok()) {
      collector_.Skip(path, "scan error", matcher_.status().error().message);
      return;
    }
    // A file whose content is skipped (binary, too large) may still be a
    // finding by its path alone (a committed keystore).
    std::optional<Provenance> provenance;
    if (matcher_.compiled().has_path_only_rules() && !item.provenance.path.empty()) provenance = item.provenance;
    LoadResult loaded = source_.Load(std::move(item), state_.get());
    if (!loaded.blob) {
      if (!loaded.skip_already_counted) {
        collector_.Skip(path, loaded.skip_reason.empty() ? "unreadable" : loaded.skip_reason, loaded.warning);
      }
      if (provenance && (loaded.skip_reason == "binary" || loaded.skip_reason == "too large")) {
        findings_.clear();
        matcher_.ScanPathOnly(*provenance, findings_);
        if (!findings_.empty()) collector_.Found(std::move(findings_), filters_);
      }
      return;
    }
    findings_.clear();
    Status status = matcher_.Scan(*loaded.blob, findings_);
    if (!status.ok()) {
      collector_.Skip(path, "scan error", status.error().message);
      return;
    }
    collector_.Scanned(loaded.blob->bytes().size(), std::move(findings_), filters_);
    collector_.done.fetch_add(1);
    collector_.bytes_done.fetch_add(loaded.blob->bytes().size());
  }

  void Drain(BoundedQueue<WorkItem>& queue) {
    while (std::optional<WorkItem> item = queue.Pop()) Process(std::move(*item));
  }

 private:
  const Source& source_;
  Matcher matcher_;
  std::unique_ptr<Source::WorkerState> state_;
  Collector& collector_;
  const std::vector<const FindingFilter*>& filters_;
  std::vector<Finding> findings_;
};

// The producer's side of the queue: an item that does not fit is scanned on
// the producer's thread (Emit) or handed back (Offer).
class ProducerSink : public WorkSink {
 public:
  ProducerSink(BoundedQueue<WorkItem>& queue, ScanWorker& producer_worker, Collector& collector)
      : queue_(queue), producer_worker_(producer_worker), collector_(collector) {}

  void Emit(WorkItem item) override {
    const size_t count = Count(item);
    collector_.emitted.fetch_add(count);
    if (std::optional<WorkItem> refused = queue_.TryPush(std::move(item), count)) {
      producer_worker_.Process(std::move(*refused));
    }
  }

  std::optional<WorkItem> Offer(WorkItem item) override {
    const size_t count = Count(item);
    collector_.emitted.fetch_add(count);  // before a worker can finish it
    std::optional<WorkItem> refused = queue_.TryPush(std::move(item), count);
    if (refused) collector_.emitted.fetch_sub(count);
    return refused;
  }

 private:
  static size_t Count(const WorkItem& item) { return item.run.empty() ? 1 : item.run.size(); }

  BoundedQueue<WorkItem>& queue_;
  ScanWorker& producer_worker_;
  Collector& collector_;
};

}  // namespace

std::vector<Finding> ApplyFilters(std::vector<Finding> findings, const std::vector<const FindingFilter*>& filters,
                                  ScanStats& stats) {
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (Finding& finding : findings) {
    auto rejecting = std::find_if(filters.begin(), filters.end(),
                                  [&](const FindingFilter* filter) { return !filter->Keep(finding); });
    if (rejecting == filters.end()) {
      kept.push_back(std::move(finding));
      continue;
    }
    ++stats.suppressed[(*rejecting)->name()];
    stats.suppressed_details.push_back(finding.provenance.path + ":" +
                                       std::to_string(finding.secret_span.start_line) + " " +
                                       finding.rule->id + " (" + (*rejecting)->name() + ")");
  }
  return kept;
}

void SortFindings(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.provenance.path, a.secret_span.start_line, a.secret_span.start_column, a.rule->id) <
           std::tie(b.provenance.path, b.secret_span.start_line, b.secret_span.start_column, b.rule->id);
  });
}

Result<ScanOutcome> RunScan(Source& source, const std::shared_ptr<const CompiledRules>& rules,
                            const PipelineOptions& options,
                            const std::function<void(const Finding&)>& on_finding,
                            std::ostream& warnings) {
  auto started = std::chrono::steady_clock::now();
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  Collector collector(options.print_warnings, warnings, on_finding);
  // Items are small (a path and an id); blobs are loaded by whoever scans
  // them, so a deep queue costs little memory and lets the producer run ahead.
  // A run of items weighs as many items.
  BoundedQueue<WorkItem> queue(kQueueCapacity);

  // `threads` counts the producer: it scans too, whenever the queue is full
  // and once it has produced everything, so --threads 1 is one thread.
  std::vector<std::jthread> workers;
  for (unsigned i = 1; i < threads; ++i) {
    workers.emplace_back([&] { ScanWorker(source, rules, collector, options.filters).Drain(queue); });
  }
  std::jthread progress;
  if (options.progress) {
    progress = std::jthread([&](std::stop_token stop) { collector.ShowProgress(stop, started); });
  }
  ScanWorker producer_worker(source, rules, collector, options.filters);
  ProducerSink sink(queue, producer_worker, collector);
  Status produced = source.Produce(sink, collector);
  collector.producing = false;
  queue.Close();
  producer_worker.Drain(queue);
  workers.clear();  // joins
  if (progress.joinable()) {
    progress.request_stop();
    progress.join();
  }
  if (!produced.ok()) return produced.error();

  ScanOutcome outcome = collector.Take();
  SortFindings(outcome.findings);
  outcome.stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

}  // namespace vigil

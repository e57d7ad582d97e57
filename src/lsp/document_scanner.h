// DocumentScanner: the editor-agnostic core of `vigil lsp`. Documents go in
// (opened, edited, saved, closed), reports come out (the findings of one
// version of one document). It knows nothing of JSON or of the protocol; the
// server (server.h) maps messages to these calls and reports to diagnostics.
//
//   DocumentScanner scanner(options, publish, notice);
//   scanner.Start();                                  // loads the workspace
//   scanner.Open(uri, "/repo/app.py", "python", 1, text);
//   scanner.Change(uri, 2, {{range, "new text"}}, PositionEncoding::kUtf16);
//   // ... publish(report) runs on the worker thread with each version's findings
//
// Scanning is the same as `vigil scan -` over the buffer's text: the
// workspace's rules and filters, the engine's Matcher, ApplyFilters; the
// document's name is its path relative to the workspace root, so findings and
// fingerprints match what `vigil scan` at the root reports.
//
// Scheduling. One worker thread scans; the caller's thread (the message loop)
// only records edits and never waits on a scan. An edit after a quiet spell
// (longer than `debounce`) is scanned at once; edits in a burst are scanned
// `debounce` after the last of them, or at the latest `max_delay` after the
// last scan, so diagnostics still follow long typing. A scan whose document
// changed while it ran is dropped (the newer version is scheduled already),
// so reports reach `publish` in version order and never for a stale text.
//
// Thread rules: every public method may be called from any thread. `publish`
// and `notice` are called on the worker thread (and `publish` from Close), one
// at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/finding.h"
#include "engine/matcher.h"
#include "lsp/text_edit.h"
#include "lsp/workspace.h"

namespace vigil::lsp {

struct DocumentScannerOptions {
  WorkspaceOptions workspace;
  std::chrono::milliseconds debounce{50};
  std::chrono::milliseconds max_delay{250};
  uint64_t max_file_size = uint64_t{10} << 20;  // larger documents are not scanned (as --max-file-size)
};

// The findings of one version of one document.
struct DocumentReport {
  std::string uri;
  int64_t version = 0;
  std::shared_ptr<const std::string> text;       // the text scanned
  std::shared_ptr<const Workspace> workspace;    // owns the rules findings point to
  std::vector<Finding> findings;                 // after filters, in text order
  std::string skipped;  // why the text was not scanned ("gitignored", "binary", ...); empty when it was
  bool closed = false;  // the document was closed: its diagnostics are to be cleared
};

// What the scanner holds for one open document.
struct DocumentState {
  std::string uri;
  std::string path;         // absolute file path; empty for a document that is not a file
  std::string language_id;
  int64_t version = 0;
  std::shared_ptr<const std::string> text;
  std::shared_ptr<const DocumentReport> report;  // the last one published; may be of an older version
};

enum class NoticeLevel { kError, kWarning, kInfo, kLog };

class DocumentScanner {
 public:
  using PublishFn = std::function<void(const DocumentReport&)>;
  using NoticeFn = std::function<void(NoticeLevel, const std::string&)>;

  DocumentScanner(DocumentScannerOptions options, PublishFn publish, NoticeFn notice);
  ~DocumentScanner();  // stops the worker; a scan in progress finishes first
  DocumentScanner(const DocumentScanner&) = delete;
  DocumentScanner& operator=(const DocumentScanner&) = delete;

  // Starts the worker, which loads the workspace before its first scan.
  void Start();

  void Open(const std::string& uri, const std::string& path, std::string language_id, int64_t version,
            std::string text);
  // Applies `changes` in order. Out-of-range edits are clamped or refused and
  // reported through `notice`. False when the document is not open.
  bool Change(const std::string& uri, int64_t version, const std::vector<TextChange>& changes,
              PositionEncoding encoding);
  // Scans again; a saved config or ignore file reloads the workspace.
  void Save(const std::string& uri);
  void Close(const std::string& uri);
  // A file changed on disk: reloads the workspace when it is one of its files.
  void FileChanged(const std::string& path);
  // Loads the workspace again and rescans every open document.
  void Reload();

  std::optional<DocumentState> Get(const std::string& uri) const;
  std::shared_ptr<const Workspace> workspace() const;

  struct Counters {
    uint64_t scans = 0;       // texts scanned
    uint64_t superseded = 0;  // scans dropped because a newer edit arrived
    uint64_t reloads = 0;     // workspace loads that succeeded
  };
  Counters counters() const;
  // Blocks until nothing is scheduled or running (tests).
  void WaitIdle();

 private:
  using Clock = std::chrono::steady_clock;
  struct Document {
    DocumentState state;
    std::optional<Clock::time_point> due;  // when to scan; unset: nothing pending
    Clock::time_point last_edit{};
    Clock::time_point last_scan{};
  };

  void Schedule(Document& document, Clock::time_point now, bool at_once);
  bool AnyDue() const;  // with mutex_ held
  bool AnyDueBefore(Clock::time_point time) const;
  void Run(std::stop_token stop);
  void LoadWorkspace();
  DocumentReport Scan(const Workspace& workspace, const DocumentState& document);

  DocumentScannerOptions options_;
  PublishFn publish_;
  NoticeFn notice_;

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::condition_variable idle_;
  std::map<std::string, Document> documents_;
  std::shared_ptr<const Workspace> workspace_;
  bool reload_requested_ = false;
  bool busy_ = false;  // the worker is loading or scanning
  Counters counters_;

  std::mutex publish_mutex_;  // one publish at a time, in the order decided
  std::unique_ptr<Matcher> matcher_;  // the worker's
  std::jthread worker_;
};

}  // namespace vigil::lsp

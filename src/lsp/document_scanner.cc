#include "lsp/document_scanner.h"

#include <algorithm>

#include "scan/pipeline.h"
#include "util/text.h"

namespace vigil::lsp {

DocumentScanner::DocumentScanner(DocumentScannerOptions options, PublishFn publish, NoticeFn notice)
    : options_(std::move(options)), publish_(std::move(publish)), notice_(std::move(notice)) {}

DocumentScanner::~DocumentScanner() {
  if (worker_.joinable()) {
    worker_.request_stop();
    wake_.notify_all();
    worker_.join();
  }
}

void DocumentScanner::Start() {
  {
    std::lock_guard lock(mutex_);
    reload_requested_ = true;
  }
  worker_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void DocumentScanner::Schedule(Document& document, Clock::time_point now, bool at_once) {
  if (at_once || now - document.last_edit >= options_.debounce) {
    document.due = now;  // an edit after a quiet spell: scan it now
  } else {
    document.due = std::min(now + options_.debounce, document.last_scan + options_.max_delay);
  }
  document.last_edit = now;
  wake_.notify_all();
}

void DocumentScanner::Open(const std::string& uri, const std::string& path, std::string language_id,
                           int64_t version, std::string text) {
  std::lock_guard lock(mutex_);
  Document& document = documents_[uri];
  document.state.uri = uri;
  document.state.path = path;
  document.state.language_id = std::move(language_id);
  document.state.version = version;
  document.state.text = std::make_shared<const std::string>(std::move(text));
  document.state.report.reset();
  Schedule(document, Clock::now(), /*at_once=*/true);
}

bool DocumentScanner::Change(const std::string& uri, int64_t version, const std::vector<TextChange>& changes,
                             PositionEncoding encoding) {
  std::vector<std::string> notes;
  {
    std::lock_guard lock(mutex_);
    auto found = documents_.find(uri);
    if (found == documents_.end()) return false;
    Document& document = found->second;
    std::string text = *document.state.text;
    for (const TextChange& change : changes) {
      ChangeNote note;
      text = ApplyChange(text, change, encoding, &note);
      if (!note.message.empty()) notes.push_back(note.message);
    }
    document.state.version = version;
    document.state.text = std::make_shared<const std::string>(std::move(text));
    Schedule(document, Clock::now(), /*at_once=*/false);
  }
  for (const std::string& note : notes) notice_(NoticeLevel::kWarning, uri + ": " + note);
  return true;
}

void DocumentScanner::Save(const std::string& uri) {
  std::string path;
  {
    std::lock_guard lock(mutex_);
    auto found = documents_.find(uri);
    if (found != documents_.end()) {
      path = found->second.state.path;
      Schedule(found->second, Clock::now(), /*at_once=*/true);
    }
  }
  if (!path.empty()) FileChanged(path);
}

void DocumentScanner::Close(const std::string& uri) {
  // Under the publish lock, so a scan of this document that finishes now
  // cannot publish after the clearing report.
  std::lock_guard publishing(publish_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (documents_.erase(uri) == 0) return;
  }
  DocumentReport cleared;
  cleared.uri = uri;
  cleared.closed = true;
  publish_(cleared);
  idle_.notify_all();
}

void DocumentScanner::FileChanged(const std::string& path) {
  std::shared_ptr<const Workspace> current = workspace();
  if (current == nullptr || current->IsConfigFile(path)) Reload();
}

void DocumentScanner::Reload() {
  std::lock_guard lock(mutex_);
  reload_requested_ = true;
  wake_.notify_all();
}

std::optional<DocumentState> DocumentScanner::Get(const std::string& uri) const {
  std::lock_guard lock(mutex_);
  auto found = documents_.find(uri);
  if (found == documents_.end()) return std::nullopt;
  return found->second.state;
}

std::shared_ptr<const Workspace> DocumentScanner::workspace() const {
  std::lock_guard lock(mutex_);
  return workspace_;
}

DocumentScanner::Counters DocumentScanner::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

bool DocumentScanner::AnyDue() const {
  return std::any_of(documents_.begin(), documents_.end(), [](const auto& entry) { return entry.second.due.has_value(); });
}

bool DocumentScanner::AnyDueBefore(Clock::time_point time) const {
  return std::any_of(documents_.begin(), documents_.end(),
                     [&](const auto& entry) { return entry.second.due && *entry.second.due < time; });
}

void DocumentScanner::WaitIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return !busy_ && !reload_requested_ && (workspace_ == nullptr || !AnyDue()); });
}

void DocumentScanner::LoadWorkspace() {
  auto loaded = Workspace::Load(options_.workspace);
  if (!loaded.ok()) {
    // The last good workspace stays; the person fixes the file and saves.
    std::string kept = workspace() ? "; the previous settings stay in force"
                                   : "; no document is scanned until it is fixed";
    notice_(NoticeLevel::kError, "vigil: " + loaded.error().ToString() + kept);
    return;
  }
  std::lock_guard lock(mutex_);
  workspace_ = std::move(loaded).value();
  ++counters_.reloads;
  Clock::time_point now = Clock::now();
  for (auto& [uri, document] : documents_) document.due = now;
}

DocumentReport DocumentScanner::Scan(const Workspace& workspace, const DocumentState& document) {
  DocumentReport report;
  report.uri = document.uri;
  report.version = document.version;
  report.text = document.text;
  const std::string& text = *document.text;
  if (!document.path.empty() && workspace.IsIgnored(document.path)) {
    report.skipped = "gitignored";
    return report;
  }
  if (text.size() > options_.max_file_size) {
    report.skipped = "too large";
    return report;
  }
  if (LooksBinary(text)) {
    report.skipped = "binary";
    return report;
  }
  if (!matcher_ || &matcher_->compiled() != workspace.rules().get()) {
    matcher_ = std::make_unique<Matcher>(workspace.rules());
  }
  if (!matcher_->status().ok()) {
    report.skipped = "scan error";
    notice_(NoticeLevel::kError, "vigil: cannot scan: " + matcher_->status().error().message);
    return report;
  }
  Provenance provenance;
  provenance.kind = Provenance::Kind::kStdin;  // the buffer's text, as `vigil scan - --path-hint`
  provenance.path = document.path.empty() ? document.uri : EscapeInvalidUtf8(workspace.ScanPath(document.path));
  Blob blob = Blob::Borrowed(std::move(provenance), text, document.text);
  std::vector<Finding> findings;
  Status scanned = matcher_->Scan(blob, findings);
  if (!scanned.ok()) {
    report.skipped = "scan error";
    notice_(NoticeLevel::kError, "vigil: cannot scan " + document.uri + ": " + scanned.error().message);
    return report;
  }
  ScanStats stats;
  report.findings = ApplyFilters(std::move(findings), workspace.filters(), stats);
  std::sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.secret_span.begin_offset, a.rule->id) < std::tie(b.secret_span.begin_offset, b.rule->id);
  });
  return report;
}

void DocumentScanner::Run(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (reload_requested_) {
      reload_requested_ = false;
      busy_ = true;
      lock.unlock();
      LoadWorkspace();
      lock.lock();
      busy_ = false;
      continue;
    }
    // The document due first.
    Document* next = nullptr;
    for (auto& [uri, document] : documents_) {
      if (document.due && (next == nullptr || *document.due < *next->due)) next = &document;
    }
    Clock::time_point now = Clock::now();
    if (workspace_ == nullptr) {
      // Nothing can be scanned until a load succeeds.
      idle_.notify_all();
      wake_.wait(lock, stop, [&] { return reload_requested_; });
      continue;
    }
    if (next == nullptr) {
      idle_.notify_all();
      wake_.wait(lock, stop, [&] { return reload_requested_ || AnyDue(); });
      continue;
    }
    if (*next->due > now) {
      Clock::time_point target = *next->due;
      wake_.wait_until(lock, stop, target, [&] { return reload_requested_ || AnyDueBefore(target); });
      continue;
    }
    next->due.reset();
    next->last_scan = now;
    DocumentState snapshot = next->state;
    std::shared_ptr<const Workspace> workspace = workspace_;
    busy_ = true;
    lock.unlock();

    auto report = std::make_shared<DocumentReport>(Scan(*workspace, snapshot));
    report->workspace = workspace;
    {
      std::lock_guard publishing(publish_mutex_);
      lock.lock();
      ++counters_.scans;
      auto found = documents_.find(snapshot.uri);
      bool current = found != documents_.end() && found->second.state.version == snapshot.version &&
                     found->second.state.text == snapshot.text && workspace_ == workspace;
      if (current) {
        found->second.state.report = report;
      } else {
        ++counters_.superseded;  // a newer text or workspace has its own scan coming
      }
      lock.unlock();
      if (current) publish_(*report);
    }
    lock.lock();
    busy_ = false;
  }
}

}  // namespace vigil::lsp

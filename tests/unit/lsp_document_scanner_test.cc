// The language server's core: documents in, reports out, with the same rules
// and filters as `vigil scan`, reloaded when their files change.
#include "lsp/document_scanner.h"

#include <git2.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/fingerprint.h"
#include "unit/lsp_fixtures.h"
#include "util/git_library.h"

namespace vigil::lsp {
namespace {

using testing::DemoToken;
using testing::Folder;

// Collects reports and notices from the worker thread.
class Recorder {
 public:
  void Publish(const DocumentReport& report) {
    std::lock_guard lock(mutex_);
    reports_.push_back(report);
    changed_.notify_all();
  }
  void Notice(NoticeLevel level, const std::string& message) {
    std::lock_guard lock(mutex_);
    notices_.emplace_back(level, message);
  }
  std::vector<DocumentReport> reports() {
    std::lock_guard lock(mutex_);
    return reports_;
  }
  std::vector<std::pair<NoticeLevel, std::string>> notices() {
    std::lock_guard lock(mutex_);
    return notices_;
  }
  // The last report for `uri` of `version`, waiting up to 10 s for it.
  std::optional<DocumentReport> WaitFor(const std::string& uri, int64_t version) {
    std::unique_lock lock(mutex_);
    std::optional<DocumentReport> found;
    changed_.wait_for(lock, std::chrono::seconds(10), [&] {
      for (auto it = reports_.rbegin(); it != reports_.rend(); ++it) {
        if (it->uri == uri && it->version == version && !it->closed) {
          found = *it;
          return true;
        }
      }
      return false;
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<DocumentReport> reports_;
  std::vector<std::pair<NoticeLevel, std::string>> notices_;
};

class LspDocumentScannerTest : public ::testing::Test {
 protected:
  std::unique_ptr<DocumentScanner> Start(std::chrono::milliseconds debounce = std::chrono::milliseconds(20)) {
    DocumentScannerOptions options;
    options.workspace.root = folder_.str();
    options.workspace.load_rules = testing::TestRulesLoader();
    options.debounce = debounce;
    auto scanner = std::make_unique<DocumentScanner>(
        options, [this](const DocumentReport& report) { recorder_.Publish(report); },
        [this](NoticeLevel level, const std::string& message) { recorder_.Notice(level, message); });
    scanner->Start();
    return scanner;
  }

  std::string Uri(const std::string& relative) const { return "file://" + folder_.Sub(relative); }

  GitLibrary git_;
  Folder folder_;
  Recorder recorder_;
};

TEST_F(LspDocumentScannerTest, AnOpenedDocumentIsScannedUnderItsPathInTheWorkspace) {
  auto scanner = Start();
  std::string token = DemoToken(1);
  std::string text = "import os\nTOKEN = \"" + token + "\"\n";
  scanner->Open(Uri("app/settings.py"), folder_.Sub("app/settings.py"), "python", 1, text);
  std::optional<DocumentReport> report = recorder_.WaitFor(Uri("app/settings.py"), 1);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->findings.size(), 1u);
  const Finding& finding = report->findings[0];
  EXPECT_EQ(finding.rule->id, "demo-token");
  EXPECT_EQ(finding.secret_span.begin_offset, text.find(token));
  EXPECT_EQ(finding.secret_span.end_offset, text.find(token) + token.size());
  // The fingerprint `vigil scan` at the root gives this file.
  EXPECT_EQ(finding.provenance.path, "app/settings.py");
  EXPECT_EQ(finding.fingerprint, Fingerprint("demo-token", "app/settings.py", token));
}

TEST_F(LspDocumentScannerTest, TheBuffersTextIsScannedNotTheFileOnDisk) {
  auto scanner = Start();
  folder_.Write("a.py", "clean = 1\n");
  std::string uri = Uri("a.py");
  scanner->Open(uri, folder_.Sub("a.py"), "python", 1, "clean = 1\n");
  ASSERT_TRUE(recorder_.WaitFor(uri, 1));
  std::string token = DemoToken(2);
  // Type the token at the end of line 1.
  ASSERT_TRUE(scanner->Change(uri, 2, {TextChange{Range{{0, 9}, {0, 9}}, " # " + token}}, PositionEncoding::kUtf16));
  std::optional<DocumentReport> report = recorder_.WaitFor(uri, 2);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->findings.size(), 1u);
  EXPECT_EQ(*report->text, "clean = 1 # " + token + "\n");
  // Deleting it clears the findings.
  ASSERT_TRUE(scanner->Change(uri, 3, {TextChange{Range{{0, 9}, {0, 12 + 36}}, ""}}, PositionEncoding::kUtf16));
  report = recorder_.WaitFor(uri, 3);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->findings.empty());
  EXPECT_EQ(*report->text, "clean = 1\n");
}

TEST_F(LspDocumentScannerTest, ABurstOfEditsIsScannedOnceItEndsAndReportsComeInVersionOrder) {
  auto scanner = Start(std::chrono::milliseconds(100));
  std::string uri = Uri("burst.py");
  scanner->Open(uri, folder_.Sub("burst.py"), "python", 1, "");
  ASSERT_TRUE(recorder_.WaitFor(uri, 1));
  std::string token = DemoToken(3);
  std::string typed = "key = '" + token + "'";
  for (size_t i = 0; i < typed.size(); ++i) {  // one keystroke at a time
    uint32_t column = static_cast<uint32_t>(i);
    scanner->Change(uri, static_cast<int64_t>(i + 2), {TextChange{Range{{0, column}, {0, column}}, typed.substr(i, 1)}},
                    PositionEncoding::kUtf16);
  }
  int64_t last = static_cast<int64_t>(typed.size() + 1);
  std::optional<DocumentReport> report = recorder_.WaitFor(uri, last);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->findings.size(), 1u);
  scanner->WaitIdle();
  std::vector<DocumentReport> reports = recorder_.reports();
  EXPECT_LT(reports.size(), typed.size() / 2) << "a burst is not scanned keystroke by keystroke";
  for (size_t i = 1; i < reports.size(); ++i) EXPECT_LT(reports[i - 1].version, reports[i].version);
}

TEST_F(LspDocumentScannerTest, AScanOfATextThatChangedMeanwhileIsDropped) {
  auto scanner = Start(std::chrono::milliseconds(0));
  std::string uri = Uri("race.py");
  std::string big(4 << 20, 'x');  // long enough to be edited while it is scanned
  scanner->Open(uri, folder_.Sub("race.py"), "python", 1, big);
  for (int64_t version = 2; version <= 30; ++version) {
    scanner->Change(uri, version, {TextChange{Range{{0, 0}, {0, 0}}, "y"}}, PositionEncoding::kUtf16);
  }
  ASSERT_TRUE(recorder_.WaitFor(uri, 30));
  scanner->WaitIdle();
  for (const DocumentReport& report : recorder_.reports()) {
    // Whatever was published was the document's text at that version.
    EXPECT_EQ(report.text->size(), big.size() + static_cast<size_t>(report.version - 1));
  }
  DocumentScanner::Counters counters = scanner->counters();
  EXPECT_EQ(counters.scans, counters.superseded + recorder_.reports().size());
}

TEST_F(LspDocumentScannerTest, ChangingVigilignoreReloadsTheWorkspace) {
  auto scanner = Start();
  std::string token = DemoToken(4);
  std::string uri = Uri("app.py");
  scanner->Open(uri, folder_.Sub("app.py"), "python", 1, "t = '" + token + "'\n");
  std::optional<DocumentReport> report = recorder_.WaitFor(uri, 1);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->findings.size(), 1u);
  folder_.Write(".vigilignore", report->findings[0].fingerprint + "\n");
  size_t before = recorder_.reports().size();
  scanner->FileChanged(folder_.Sub(".vigilignore"));
  scanner->WaitIdle();
  std::vector<DocumentReport> reports = recorder_.reports();
  ASSERT_GT(reports.size(), before);
  EXPECT_TRUE(reports.back().findings.empty());
  EXPECT_EQ(scanner->counters().reloads, 2u);
  // A file that is not the workspace's does not reload it.
  scanner->FileChanged(folder_.Sub("other.txt"));
  scanner->WaitIdle();
  EXPECT_EQ(scanner->counters().reloads, 2u);
}

TEST_F(LspDocumentScannerTest, ABrokenConfigIsReportedAndThePreviousRulesStay) {
  auto scanner = Start();
  std::string token = DemoToken(5);
  std::string uri = Uri("app.py");
  scanner->Open(uri, folder_.Sub("app.py"), "python", 1, "t = '" + token + "'\n");
  ASSERT_TRUE(recorder_.WaitFor(uri, 1));
  folder_.Write(".vigil.toml", "[[rules]\nid = ");
  scanner->FileChanged(folder_.Sub(".vigil.toml"));
  scanner->WaitIdle();
  std::vector<std::pair<NoticeLevel, std::string>> notices = recorder_.notices();
  ASSERT_FALSE(notices.empty());
  EXPECT_EQ(notices.back().first, NoticeLevel::kError);
  EXPECT_NE(notices.back().second.find(".vigil.toml"), std::string::npos) << notices.back().second;
  scanner->Change(uri, 2, {TextChange{std::nullopt, "t = '" + token + "'\n\n"}}, PositionEncoding::kUtf16);
  std::optional<DocumentReport> report = recorder_.WaitFor(uri, 2);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->findings.size(), 1u);
}

TEST_F(LspDocumentScannerTest, FilesThatGitignoreOrAPathAllowlistExcludeGetNoFindings) {
  git_repository* repo = nullptr;
  ASSERT_EQ(git_repository_init(&repo, folder_.str().c_str(), 0), 0);
  git_repository_free(repo);
  folder_.Write(".gitignore", "generated/\n");
  auto scanner = Start();
  std::string text = "t = '" + DemoToken(6) + "'\n";
  scanner->Open(Uri("generated/out.py"), folder_.Sub("generated/out.py"), "python", 1, text);
  scanner->Open(Uri("fixtures/sample.py"), folder_.Sub("fixtures/sample.py"), "python", 1, text);
  scanner->Open(Uri("src/real.py"), folder_.Sub("src/real.py"), "python", 1, text);
  std::optional<DocumentReport> ignored = recorder_.WaitFor(Uri("generated/out.py"), 1);
  std::optional<DocumentReport> allowed = recorder_.WaitFor(Uri("fixtures/sample.py"), 1);
  std::optional<DocumentReport> real = recorder_.WaitFor(Uri("src/real.py"), 1);
  ASSERT_TRUE(ignored && allowed && real);
  EXPECT_EQ(ignored->skipped, "gitignored");
  EXPECT_TRUE(ignored->findings.empty());
  EXPECT_TRUE(allowed->findings.empty());
  EXPECT_EQ(real->findings.size(), 1u);
}

TEST_F(LspDocumentScannerTest, InlineAllowMarkersAndTheBaselineApply) {
  auto scanner = Start();
  std::string token = DemoToken(7);
  std::string uri = Uri("a.py");
  scanner->Open(uri, folder_.Sub("a.py"), "python", 1, "t = '" + token + "'  # vigil:allow\n");
  std::optional<DocumentReport> report = recorder_.WaitFor(uri, 1);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->findings.empty());

  folder_.Write(".vigil-baseline", Fingerprint("demo-token", "b.py", token) + "\tdemo-token\tb.py\n");
  scanner->Reload();
  scanner->Open(Uri("b.py"), folder_.Sub("b.py"), "python", 1, "t = '" + token + "'\n");
  report = recorder_.WaitFor(Uri("b.py"), 1);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->findings.empty());
  ASSERT_TRUE(scanner->workspace());
  EXPECT_NE(scanner->workspace()->baseline_path().find(".vigil-baseline"), std::string::npos);
}

TEST_F(LspDocumentScannerTest, ClosingPublishesAClearingReportAndForgetsTheDocument) {
  auto scanner = Start();
  std::string uri = Uri("a.py");
  scanner->Open(uri, folder_.Sub("a.py"), "python", 1, "t = '" + DemoToken(8) + "'\n");
  ASSERT_TRUE(recorder_.WaitFor(uri, 1));
  scanner->Close(uri);
  std::vector<DocumentReport> reports = recorder_.reports();
  ASSERT_FALSE(reports.empty());
  EXPECT_TRUE(reports.back().closed);
  EXPECT_FALSE(scanner->Get(uri));
  EXPECT_FALSE(scanner->Change(uri, 2, {}, PositionEncoding::kUtf16));
}

TEST_F(LspDocumentScannerTest, BinaryAndOversizedTextsAreNotScanned) {
  DocumentScannerOptions options;
  options.workspace.root = folder_.str();
  options.workspace.load_rules = testing::TestRulesLoader();
  options.max_file_size = 1000;
  DocumentScanner scanner(options, [this](const DocumentReport& report) { recorder_.Publish(report); },
                          [](NoticeLevel, const std::string&) {});
  scanner.Start();
  std::string token = DemoToken(9);
  scanner.Open(Uri("big.txt"), folder_.Sub("big.txt"), "", 1, token + std::string(2000, '\n'));
  scanner.Open(Uri("bin.dat"), folder_.Sub("bin.dat"), "", 1, std::string("\0", 1) + token);
  std::optional<DocumentReport> big = recorder_.WaitFor(Uri("big.txt"), 1);
  std::optional<DocumentReport> binary = recorder_.WaitFor(Uri("bin.dat"), 1);
  ASSERT_TRUE(big && binary);
  EXPECT_EQ(big->skipped, "too large");
  EXPECT_EQ(binary->skipped, "binary");
}

}  // namespace
}  // namespace vigil::lsp

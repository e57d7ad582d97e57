#include "report/text_reporter.h"

#include <map>

#include <array>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <string_view>
#include <utility>

#include "report/redact.h"

namespace vigil {
namespace {

constexpr size_t kShortCommitLength = 7;
// Matches can span many lines (private keys); one screen line is enough context.
constexpr size_t kMaxMatchBytes = 200;

constexpr std::string_view kBold = "1";
constexpr std::string_view kDim = "2";
constexpr std::string_view kGreen = "32";
constexpr std::string_view kRed = "31";

std::string_view SeverityStyle(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "1;31";
    case Severity::kHigh:
      return "31";
    case Severity::kMedium:
      return "33";
    case Severity::kLow:
      return "36";
    case Severity::kInfo:
      return kDim;
  }
  return kDim;
}

std::string HexEscape(unsigned char byte) {
  std::array<char, 5> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "\\x%02X", byte);
  return buffer.data();
}

// Control characters in paths, secrets or commit messages could move the
// cursor or recolour the terminal, so they are shown escaped. That covers C0,
// DEL, and the C1 range (U+0080..U+009F, encoded as C2 80..C2 9F).
std::string Printable(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\t') {
      result += "\\t";
    } else if (byte == '\n') {
      result += "\\n";
    } else if (byte == '\r') {
      result += "\\r";
    } else if (byte < 0x20 || byte == 0x7F) {
      result += HexEscape(byte);
    } else if (byte == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      result += HexEscape(byte);
      result += HexEscape(static_cast<unsigned char>(text[++i]));
    } else {
      result += static_cast<char>(byte);
    }
  }
  return result;
}

// At most `max_bytes` of `text`, cut before a UTF-8 continuation byte.
std::string Truncated(std::string text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += "...";
  return text;
}

std::string FixedDecimal(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

// "1 file", "2 files".
std::string Counted(uint64_t count, std::string_view noun) {
  std::string text = std::to_string(count) + " " + std::string(noun);
  if (count != 1) text += "s";
  return text;
}

// "binary: 1, too large: 2" from a reason -> count map.
std::string Breakdown(const std::map<std::string, uint64_t>& counts) {
  std::string text;
  for (const auto& [reason, count] : counts) {
    if (count == 0) continue;
    if (!text.empty()) text += ", ";
    text += reason + ": " + std::to_string(count);
  }
  return text;
}

}  // namespace

std::string HumanBytes(uint64_t bytes) {
  constexpr std::array<std::string_view, 6> kUnits = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  // Stop before a value that would print as "1024.0".
  while (value >= 1024.0 - 0.05 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  return FixedDecimal(value, 1) + " " + std::string(kUnits[unit]);
}

TextReporter::TextReporter(std::ostream& out, ReportOptions options)
    : out_(out), options_(std::move(options)) {}

void TextReporter::Finish(const std::vector<Finding>& findings, const RuleSet& rules,
                          const ScanStats& stats) {
  (void)rules;  // each finding carries its rule
  for (const Finding& finding : findings) {
    WriteFinding(finding);
    out_ << '\n';
  }
  WriteSummary(findings.size(), stats);
  out_.flush();
}

void TextReporter::WriteFinding(const Finding& finding) {
  const Span& at = finding.secret_span;
  const std::string location = Printable(finding.provenance.path) + ":" +
                               std::to_string(at.start_line) + ":" +
                               std::to_string(at.start_column);
  const Severity severity = finding.rule ? finding.rule->severity : Severity::kInfo;
  out_ << Styled(location, kBold) << ": " << Styled(SeverityName(severity), SeverityStyle(severity));
  if (finding.rule) {
    out_ << ' ' << Printable(finding.rule->id) << ' ' << Printable(finding.rule->description);
  }
  out_ << '\n';

  const bool redact = !options_.show_secrets;
  const std::string secret = redact ? Redact(finding.secret) : finding.secret;
  const std::string match = redact ? RedactIn(finding.match, finding.secret) : finding.match;
  if (finding.rule && finding.rule->path_only()) {
    out_ << "  file: this file should not be in the repository (flagged by its path)\n";
  } else {
    out_ << "  secret: " << Printable(secret) << '\n';
    out_ << "  match: " << Truncated(Printable(match), kMaxMatchBytes) << '\n';
  }
  out_ << "  fingerprint: " << finding.fingerprint << '\n';
  if (const auto& git = finding.provenance.git) {
    out_ << "  commit: " << Styled(git->commit.substr(0, kShortCommitLength), kDim) << ' '
         << Printable(git->author_name) << ' ' << Printable(git->date) << "  "
         << Printable(git->summary) << '\n';
  }
}

void TextReporter::WriteSummary(size_t finding_count, const ScanStats& stats) {
  const std::string findings_text =
      finding_count == 0 ? Styled("no findings", kGreen)
                         : Styled(Counted(finding_count, "finding"), kRed);
  out_ << Styled("vigil:", kBold) << ' ' << findings_text << " in "
       << Counted(stats.files_scanned, "file") << " (" << HumanBytes(stats.bytes_scanned)
       << ") in " << FixedDecimal(stats.seconds, 2) << 's';
  if (const uint64_t skipped = stats.skipped_total(); skipped > 0) {
    out_ << "; skipped " << skipped << " (" << Breakdown(stats.skipped) << ')';
  }
  uint64_t suppressed = 0;
  for (const auto& [filter, count] : stats.suppressed) suppressed += count;
  if (suppressed > 0) out_ << "; suppressed " << suppressed << " (" << Breakdown(stats.suppressed) << ')';
  out_ << '\n';
}

std::string TextReporter::Styled(std::string_view text, std::string_view code) const {
  if (!options_.color) return std::string(text);
  std::string styled = "\x1b[";
  styled += code;
  styled += 'm';
  styled += text;
  styled += "\x1b[0m";
  return styled;
}

}  // namespace vigil

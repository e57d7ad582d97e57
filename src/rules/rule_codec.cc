#include "rules/rule_codec.h"

#include <cstdint>
#include <cstring>

namespace vigil {
namespace {

// Bump when the encoding or the Rule fields change.
constexpr std::string_view kMagic = "VIGILRS4";

class Writer {
 public:
  void Number(uint64_t value) {
    while (value >= 0x80) {
      out_ += static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    out_ += static_cast<char>(value);
  }
  void Signed(int64_t value) { Number(static_cast<uint64_t>(value)); }
  void Text(std::string_view text) {
    Number(text.size());
    out_ += text;
  }
  void OptionalText(const std::optional<std::string>& text) {
    Number(text ? 1 : 0);
    if (text) Text(*text);
  }
  void Texts(const std::vector<std::string>& texts) {
    Number(texts.size());
    for (const std::string& text : texts) Text(text);
  }
  void Real(double value) {
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    for (int i = 0; i < 8; ++i) out_ += static_cast<char>((bits >> (8 * i)) & 0xff);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Every read checks bounds; the first failure sticks and the caller gives up.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool ok() const { return ok_; }
  bool at_end() const { return offset_ == bytes_.size(); }
  void MarkDamaged() { Fail(); }

  uint64_t Number() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (offset_ >= bytes_.size()) return Fail();
      auto byte = static_cast<unsigned char>(bytes_[offset_++]);
      value |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return Fail();
  }
  int Int() { return static_cast<int>(static_cast<int64_t>(Number())); }
  size_t Count() {
    uint64_t count = Number();
    // Each element takes at least one byte, so a count beyond the rest is damage.
    if (count > bytes_.size() - offset_) return static_cast<size_t>(Fail());
    return static_cast<size_t>(count);
  }
  std::string Text() {
    size_t size = Count();
    if (!ok_) return {};
    std::string text(bytes_.substr(offset_, size));
    offset_ += size;
    return text;
  }
  std::optional<std::string> OptionalText() {
    if (Number() == 0) return std::nullopt;
    return Text();
  }
  std::vector<std::string> Texts() {
    std::vector<std::string> texts(Count());
    for (std::string& text : texts) text = Text();
    return texts;
  }
  double Real() {
    if (bytes_.size() - offset_ < 8) return static_cast<double>(Fail());
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= uint64_t{static_cast<unsigned char>(bytes_[offset_ + i])} << (8 * i);
    offset_ += 8;
    double value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    offset_ = bytes_.size();
    return 0;
  }

  std::string_view bytes_;
  size_t offset_ = 0;
  bool ok_ = true;
};

void WriteAllowlist(Writer& out, const Allowlist& allowlist) {
  out.Text(allowlist.description);
  out.Texts(allowlist.paths);
  out.Texts(allowlist.regexes);
  out.Number(static_cast<uint64_t>(allowlist.regex_target));
  out.Texts(allowlist.stopwords);
  out.Texts(allowlist.commits);
  out.Number(allowlist.require_all ? 1 : 0);
  out.Texts(allowlist.target_rules);
  out.Text(allowlist.source_file);
  out.Signed(allowlist.source_line);
}

Allowlist ReadAllowlist(Reader& in) {
  Allowlist allowlist;
  allowlist.description = in.Text();
  allowlist.paths = in.Texts();
  allowlist.regexes = in.Texts();
  uint64_t target = in.Number();
  if (target > static_cast<uint64_t>(Allowlist::Target::kLine)) {
    in.MarkDamaged();
    target = 0;
  }
  allowlist.regex_target = static_cast<Allowlist::Target>(target);
  allowlist.stopwords = in.Texts();
  allowlist.commits = in.Texts();
  allowlist.require_all = in.Number() != 0;
  allowlist.target_rules = in.Texts();
  allowlist.source_file = in.Text();
  allowlist.source_line = in.Int();
  return allowlist;
}

void WriteAllowlists(Writer& out, const std::vector<Allowlist>& allowlists) {
  out.Number(allowlists.size());
  for (const Allowlist& allowlist : allowlists) WriteAllowlist(out, allowlist);
}

std::vector<Allowlist> ReadAllowlists(Reader& in) {
  std::vector<Allowlist> allowlists(in.Count());
  for (Allowlist& allowlist : allowlists) allowlist = ReadAllowlist(in);
  return allowlists;
}

}  // namespace

std::string EncodeRuleSet(const RuleSet& rules) {
  Writer out;
  out.Text(kMagic);
  out.Number(rules.size());
  for (const Rule& rule : rules.rules()) {
    out.Text(rule.id);
    out.Text(rule.description);
    out.Text(rule.regex);
    out.OptionalText(rule.candidate);
    out.Number(rule.secret_group ? 1 : 0);
    if (rule.secret_group) out.Signed(*rule.secret_group);
    out.Real(rule.entropy);
    out.Real(rule.randomness);
    out.Texts(rule.keywords);
    out.OptionalText(rule.path);
    out.Texts(rule.tags);
    out.Number(static_cast<uint64_t>(rule.severity));
    out.Text(rule.remediation);
    WriteAllowlists(out, rule.allowlists);
    out.Number(rule.skip_report ? 1 : 0);
    out.Signed(rule.window_before);
    out.Signed(rule.window_after);
    out.Text(rule.source_file);
    for (int number : {rule.source_line, rule.regex_line, rule.regex_column, rule.path_line, rule.path_column}) {
      out.Signed(number);
    }
  }
  WriteAllowlists(out, rules.allowlists());
  return out.Take();
}

std::optional<RuleSet> DecodeRuleSet(std::string_view bytes) {
  Reader in(bytes);
  if (in.Text() != kMagic) return std::nullopt;
  std::vector<Rule> rules(in.Count());
  for (Rule& rule : rules) {
    rule.id = in.Text();
    rule.description = in.Text();
    rule.regex = in.Text();
    rule.candidate = in.OptionalText();
    if (in.Number() != 0) rule.secret_group = in.Int();
    rule.entropy = in.Real();
    rule.randomness = in.Real();
    rule.keywords = in.Texts();
    rule.path = in.OptionalText();
    rule.tags = in.Texts();
    uint64_t severity = in.Number();
    if (severity > static_cast<uint64_t>(Severity::kCritical)) in.MarkDamaged();
    rule.severity = in.ok() ? static_cast<Severity>(severity) : Severity::kMedium;
    rule.remediation = in.Text();
    rule.allowlists = ReadAllowlists(in);
    rule.skip_report = in.Number() != 0;
    rule.window_before = in.Int();
    rule.window_after = in.Int();
    rule.source_file = in.Text();
    for (int* number : {&rule.source_line, &rule.regex_line, &rule.regex_column, &rule.path_line, &rule.path_column}) {
      *number = in.Int();
    }
    if (!in.ok()) return std::nullopt;
  }
  std::vector<Allowlist> allowlists = ReadAllowlists(in);
  if (!in.ok() || !in.at_end()) return std::nullopt;
  return RuleSet(std::move(rules), std::move(allowlists));
}

}  // namespace vigil

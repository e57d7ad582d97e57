#include "rules/provider_key.h"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <cstdio>

#include <re2/re2.h>

namespace vigil {
namespace {

using CharSet = std::bitset<256>;

constexpr int kMaxGap = 64;     // characters between the name and the key
constexpr int kMaxLength = 512;
constexpr double kDefaultEntropy = 2.5;

// The secret words a weak name needs before its key ("daily ... token").
constexpr const char* kSecretWords = "key|secret|token|passw|pwd|auth|access|private|credential|cred";

struct Alphabet {
  std::string class_body;  // inside [...]
  CharSet chars;
  bool base64_padding = false;
  bool uuid = false;
  bool hex_like = false;  // a key of digits only is a number, not a key
};

void AddRange(CharSet& set, char first, char last) {
  for (int c = static_cast<unsigned char>(first); c <= static_cast<unsigned char>(last); ++c) set.set(c);
}

// A character-class body of literal characters and ranges ("A-Za-z0-9._-"),
// printable ASCII only, '-' literal at either end.
std::optional<CharSet> ParseClassBody(const std::string& body) {
  CharSet set;
  if (body.empty()) return std::nullopt;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c < 0x21 || c > 0x7e || c == '[' || c == ']' || c == '\\' || (c == '^' && i == 0)) return std::nullopt;
    if (i + 2 < body.size() && body[i + 1] == '-') {
      if (body[i + 2] < c) return std::nullopt;
      AddRange(set, c, body[i + 2]);
      i += 2;
    } else {
      set.set(static_cast<unsigned char>(c));
    }
  }
  return set;
}

std::optional<Alphabet> NamedAlphabet(const std::string& name) {
  static const std::pair<const char*, const char*> kNamed[] = {
      {"hex", "0-9a-f"},   {"HEX", "0-9A-F"},       {"xdigit", "0-9A-Fa-f"},     {"alnum", "A-Za-z0-9"},
      {"lower", "a-z0-9"}, {"upper", "A-Z0-9"},     {"digits", "0-9"},           {"base64", "A-Za-z0-9+/"},
      {"base64url", "A-Za-z0-9_-"}, {"uuid", "0-9A-Fa-f-"}};
  Alphabet alphabet;
  alphabet.class_body = name;
  for (const auto& [named, body] : kNamed) {
    if (name == named) alphabet.class_body = body;
  }
  auto chars = ParseClassBody(alphabet.class_body);
  if (!chars) return std::nullopt;
  alphabet.chars = *chars;
  alphabet.base64_padding = name == "base64";
  alphabet.uuid = name == "uuid";
  alphabet.hex_like = name == "hex" || name == "HEX" || name == "xdigit";
  return alphabet;
}

// "[...]" for the characters of `set`, escaped for RE2.
std::string ClassOf(const CharSet& set, bool negated) {
  std::string out = negated ? "[^" : "[";
  for (int c = 0; c < 256; ++c) {
    if (!set.test(c)) continue;
    int last = c;
    while (last + 1 < 256 && set.test(last + 1)) ++last;
    auto one = [&](int ch) {
      if (std::isalnum(ch) != 0) {
        out += static_cast<char>(ch);
      } else {
        char hex[5];
        std::snprintf(hex, sizeof(hex), "\\x%02x", ch);
        out += hex;
      }
    };
    one(c);
    if (last > c) {
      out += '-';
      one(last);
    }
    c = last;
  }
  return out + "]";
}

std::string Alternation(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : "|") + RE2::QuoteMeta(word);
  return out;
}

// A keyword that starts a word: after a non-alphanumeric character, or after
// a lower-case letter or digit when it starts with a capital (camelCase:
// myZerobounceKey). Inside a longer run of letters and digits (base64, hex,
// another word) a name is no evidence.
std::string KeywordAlternation(const std::vector<std::string>& keywords) {
  std::string out;
  for (const auto& word : keywords) {
    if (!out.empty()) out += "|";
    out += "(?:^|[^A-Za-z0-9])(?i:" + RE2::QuoteMeta(word) + ")";
    auto first = static_cast<unsigned char>(word[0]);
    if (std::isalpha(first) != 0) {
      out += "|[a-z0-9]" + std::string(1, static_cast<char>(std::toupper(first))) + "(?i:" +
             RE2::QuoteMeta(word.substr(1)) + ")";
    }
  }
  return out;
}

Error RowError(const ProviderKey& row, const std::string& message) {
  return Error{"provider '" + row.id + "': " + message, row.source_file, row.source_line};
}

}  // namespace

Result<Rule> ExpandProviderKey(const ProviderKey& row) {
  if (row.id.empty()) return RowError(row, "needs a non-empty 'id'");
  if (row.name.empty()) return RowError(row, "needs a 'name'");
  if (row.keywords.empty() && row.hosts.empty()) return RowError(row, "needs 'keywords' or 'hosts'");
  for (const auto& word : row.keywords) {
    if (word.size() < 3) return RowError(row, "keyword '" + word + "' is shorter than 3 characters");
  }
  if (row.remediation.empty()) return RowError(row, "needs a 'remediation'");
  auto alphabet = NamedAlphabet(row.alphabet);
  if (!alphabet) {
    return RowError(row, "'alphabet' must be hex, HEX, xdigit, alnum, lower, upper, digits, base64, base64url, "
                         "uuid or a character-class body of printable ASCII such as \"A-Za-z0-9_-\"");
  }
  if (!alphabet->uuid &&
      (row.min_length < 8 || row.max_length < row.min_length || row.max_length > kMaxLength)) {
    return RowError(row, "'length' must be from 8 to 512 (a number or [min, max])");
  }

  // The key, then a character that cannot continue it.
  // A UUID's fixed shape ends it: a dash may separate it from the name.
  CharSet bound = alphabet->uuid ? CharSet() : alphabet->chars;
  AddRange(bound, 'A', 'Z');
  AddRange(bound, 'a', 'z');
  AddRange(bound, '0', '9');
  CharSet right_bound = bound;  // after the key: its padding continues it too
  if (alphabet->base64_padding) right_bound.set('=');
  std::string body;
  if (alphabet->uuid) {
    body = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";
  } else {
    body = "[" + alphabet->class_body + "]{" + std::to_string(row.min_length);
    body += row.max_length == row.min_length ? "}" : "," + std::to_string(row.max_length) + "}";
    if (alphabet->base64_padding) body += "={0,2}";
  }
  CharSet printable;
  AddRange(printable, 0x09, 0x0d);
  AddRange(printable, 0x20, 0x7e);
  const std::string gap = ClassOf(printable, false);
  const CharSet separators = printable & ~bound;

  // The name, then the key within kMaxGap characters; an everyday name also
  // needs a secret word between them. A host is specific enough alone.
  const std::string near = gap + "{0," + std::to_string(kMaxGap - 1) + "}?";
  std::vector<std::string> leads;
  if (!row.keywords.empty()) {
    std::string names = "(?:" + KeywordAlternation(row.keywords) + ")";
    leads.push_back(row.weak_name ? names + gap + "{0," + std::to_string(kMaxGap / 2) + "}?(?i:" + kSecretWords +
                                        ")" + gap + "{0," + std::to_string(kMaxGap / 2) + "}?"
                                  : names + near);
  }
  if (!row.hosts.empty()) leads.push_back("(?i:" + Alternation(row.hosts) + ")" + near);
  const std::string lead = leads.size() == 1 ? leads[0] : "(?:" + leads[0] + "|" + leads[1] + ")";

  Rule rule;
  rule.id = row.id;
  rule.description = row.name + " " + row.what;
  rule.regex = lead + ClassOf(separators, false) + "(" + RE2::QuoteMeta(row.prefix) + body + ")(?:" +
               ClassOf(right_bound, true) + "|$)";
  std::vector<std::string> all_names = row.keywords;
  all_names.insert(all_names.end(), row.hosts.begin(), row.hosts.end());
  rule.candidate = "(?i:" + Alternation(all_names) + ")";
  rule.secret_group = 1;
  // The candidate is the names alone; the match starts at most one boundary
  // character before a name and ends within the gap, secret word, key and
  // boundary after it.
  size_t longest_name = 0;
  for (const auto& word : row.keywords) longest_name = std::max(longest_name, word.size());
  for (const auto& host : row.hosts) longest_name = std::max(longest_name, host.size());
  const int longest_key = alphabet->uuid ? 36 : row.max_length + 2;  // + base64 padding
  rule.window_before = static_cast<int>(longest_name) + 1;
  rule.window_after = kMaxGap + 16 + static_cast<int>(row.prefix.size()) + longest_key + 1;
  rule.entropy = row.entropy.value_or(kDefaultEntropy);
  rule.severity = row.severity;
  rule.tags = row.tags;
  if (std::find(rule.tags.begin(), rule.tags.end(), "provider") == rule.tags.end()) rule.tags.push_back("provider");
  rule.remediation = row.remediation;
  rule.examples = row.examples;
  rule.negative_examples = row.negative_examples;
  rule.source_file = row.source_file;
  rule.source_line = row.source_line;
  if (!row.letters && !alphabet->uuid && alphabet->class_body != "0-9") {
    Allowlist words;
    words.description = "a value without a digit is a word or a name, not a key";
    words.regexes.push_back("^[^0-9]+$");
    words.source_file = row.source_file;
    words.source_line = row.source_line;
    rule.allowlists.push_back(words);
  }
  // Lock files and checksums put a hash right after a package's name
  // (go.sum h1:, npm sha512-, pip --hash=sha256:, yarn .tgz#).
  Allowlist checksums;
  checksums.description = "a checksum next to a package name is not a key";
  checksums.regex_target = Allowlist::Target::kMatch;
  checksums.regexes.push_back(R"((?i)(?:\bh1:|sha(?:1|224|256|384|512)[:=-]|\.(?:tgz|tar\.gz|zip|whl)#|integrity))");
  checksums.source_file = row.source_file;
  checksums.source_line = row.source_line;
  rule.allowlists.push_back(checksums);
  if (alphabet->hex_like) {
    Allowlist numbers;
    numbers.description = "a value of digits only is a number, not a hex key";
    numbers.regexes.push_back("^[0-9]+$");
    numbers.source_file = row.source_file;
    numbers.source_line = row.source_line;
    rule.allowlists.push_back(numbers);
  }
  return rule;
}

}  // namespace vigil

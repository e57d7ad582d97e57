#include "filter/baseline.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace vigil {
namespace {

constexpr std::string_view kHeader =
    "# vigil baseline: findings accepted when it was made; only others are reported.\n"
    "# One per line: fingerprint<TAB>rule<TAB>path. Regenerate with `vigil baseline create`.\n";

// Tabs and newlines in a path would break the line format.
std::string EscapeField(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string FormatBaseline(const std::vector<Finding>& findings) {
  std::set<std::tuple<std::string, std::string, std::string>> entries;  // path, rule, fingerprint
  for (const Finding& finding : findings) {
    entries.emplace(EscapeField(finding.provenance.path), finding.rule->id, finding.fingerprint);
  }
  std::string out(kHeader);
  for (const auto& [path, rule, fingerprint] : entries) out += fingerprint + "\t" + rule + "\t" + path + "\n";
  return out;
}

std::unique_ptr<BaselineFilter> BaselineFilter::Parse(std::string_view text) {
  auto filter = std::make_unique<BaselineFilter>();
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string fingerprint = line.substr(0, line.find_first_of("\t "));
    if (!fingerprint.empty()) filter->fingerprints_.insert(fingerprint);
  }
  return filter;
}

Result<std::unique_ptr<BaselineFilter>> BaselineFilter::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{std::string("cannot read baseline: ") + std::strerror(errno), path};
  std::ostringstream content;
  content << in.rdbuf();
  return Parse(content.str());
}

}  // namespace vigil

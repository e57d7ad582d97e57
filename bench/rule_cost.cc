// Where a scan's time goes, rule by rule: how often each rule's Hyperscan
// candidate fires on a set of files, and how long RE2 then takes to confirm
// it. The rules that cost most are the ones to tighten.
//
//   ./build/bench/vigil_rule_cost DIR [TOP] [CONFIG]
//
// The default pack, or the rules CONFIG loads (as `vigil scan --config`); TOP
// rows, default 30.
//
// Prints the Hyperscan pass time, the total confirmation time, and the TOP
// rules by confirmation time with their fire counts.
#include <hs/hs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/compiled_rules.h"
#include "rules/config.h"
#include "util/text.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Cost {
  size_t fired = 0;
  double confirm_seconds = 0;
};

int OnMatch(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* context) {
  static_cast<std::vector<unsigned>*>(context)->push_back(id);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [TOP]\n", argv[0]);
    return 2;
  }
  const size_t top = argc > 2 ? std::stoul(argv[2]) : 30;
  auto rules = argc > 3 ? vigil::LoadRuleSet(argv[3], "", vigil::RuleLoadOptions(vigil::RuleDetail::kWithoutExamples))
                        : vigil::LoadDefaultRules(vigil::RuleDetail::kWithoutExamples);
  if (!rules.ok()) return 3;
  auto compiled = vigil::CompiledRules::Compile(std::move(rules).value());
  if (!compiled.ok()) return 3;
  const vigil::CompiledRules& pack = *compiled.value();
  auto scratch = pack.NewScratch();
  if (!scratch.ok()) return 3;

  std::vector<Cost> costs(pack.rules().size());
  double hs_seconds = 0;
  size_t files = 0, bytes = 0;
  std::vector<unsigned> ids;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (vigil::LooksBinary(text)) continue;
    ++files;
    bytes += text.size();
    std::vector<unsigned> fired;
    auto started = Clock::now();
    for (const vigil::RuleDatabase& database : pack.databases()) {
      ids.clear();
      hs_scan(database.database.get(), text.data(), static_cast<unsigned>(text.size()), 0, scratch.value().get(),
              OnMatch, &ids);
      for (unsigned id : ids) {
        if (id < database.rule_of_id.size() && database.rule_of_id[id] != vigil::RuleDatabase::kNoRule) {
          fired.push_back(database.rule_of_id[id]);
        }
      }
    }
    hs_seconds += std::chrono::duration<double>(Clock::now() - started).count();
    std::sort(fired.begin(), fired.end());
    fired.erase(std::unique(fired.begin(), fired.end()), fired.end());
    for (unsigned rule : fired) {
      const RE2& regex = pack.regex(rule);
      re2::StringPiece input(text), match;
      size_t position = 0;
      auto confirm_started = Clock::now();
      while (position <= text.size() &&
             regex.Match(input, position, text.size(), RE2::UNANCHORED, &match, 1)) {
        size_t end = static_cast<size_t>(match.data() - text.data()) + match.size();
        position = match.empty() ? end + 1 : end;
      }
      costs[rule].confirm_seconds += std::chrono::duration<double>(Clock::now() - confirm_started).count();
      ++costs[rule].fired;
    }
  }
  std::vector<size_t> order(costs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return costs[a].confirm_seconds > costs[b].confirm_seconds; });
  double confirm_total = 0;
  for (const Cost& cost : costs) confirm_total += cost.confirm_seconds;
  std::printf("%zu files, %.1f MB; Hyperscan %.3f s, RE2 confirmation %.3f s\n", files, bytes / 1e6, hs_seconds,
              confirm_total);
  std::printf("%-45s %8s %10s\n", "rule", "fired", "RE2 s");
  for (size_t k = 0; k < std::min(top, order.size()); ++k) {
    const Cost& cost = costs[order[k]];
    std::printf("%-45s %8zu %10.4f\n", pack.rules().rules()[order[k]].id.c_str(), cost.fired, cost.confirm_seconds);
  }
  return 0;
}

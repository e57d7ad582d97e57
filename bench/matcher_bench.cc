// Kernel benchmarks: matcher throughput on a generated source-like corpus with
// the default rule pack, and the cost of compiling the pack.
//
//   ./build/bench/vigil_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "corpus.h"
#include "engine/compiled_rules.h"
#include "engine/matcher.h"
#include "rules/config.h"

namespace {

std::shared_ptr<const vigil::CompiledRules> DefaultPack() {
  auto rules = vigil::LoadDefaultRules();
  if (!rules.ok()) return nullptr;
  auto compiled = vigil::CompiledRules::Compile(std::move(rules).value());
  return compiled.ok() ? compiled.value() : nullptr;
}

// Scans the corpus cut into files of state.range(0) bytes, as a tree scan would.
void BM_MatcherThroughput(benchmark::State& state) {
  static const auto compiled = DefaultPack();
  static const std::string corpus = vigil::bench::MakeSourceCorpus(32 << 20);
  if (!compiled) {
    state.SkipWithError("default rule pack failed to load");
    return;
  }
  const size_t file_size = static_cast<size_t>(state.range(0));
  std::vector<vigil::Blob> blobs;
  for (size_t offset = 0; offset < corpus.size(); offset += file_size) {
    vigil::Provenance provenance;
    provenance.path = "src/file" + std::to_string(offset / file_size) + ".py";
    blobs.push_back(vigil::Blob::Owned(provenance, corpus.substr(offset, file_size)));
  }
  vigil::Matcher matcher(compiled);
  std::vector<vigil::Finding> findings;
  for (auto _ : state) {
    findings.clear();
    for (const vigil::Blob& blob : blobs) matcher.Scan(blob, findings);
    benchmark::DoNotOptimize(findings.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(corpus.size()));
  state.counters["findings"] = static_cast<double>(findings.size());
  state.counters["rules"] = static_cast<double>(compiled->rules().size());
}
BENCHMARK(BM_MatcherThroughput)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_CompileDefaultPack(benchmark::State& state) {
  auto rules = vigil::LoadDefaultRules();
  if (!rules.ok()) {
    state.SkipWithError("default rule pack failed to load");
    return;
  }
  for (auto _ : state) {
    auto compiled = vigil::CompiledRules::Compile(rules.value());
    benchmark::DoNotOptimize(compiled.ok());
  }
}
BENCHMARK(BM_CompileDefaultPack)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

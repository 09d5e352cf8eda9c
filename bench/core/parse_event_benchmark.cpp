#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "event_mix.h"

namespace leadscore::bench {
namespace {

// JSON text → validated Event, the first step of every CLI log line and every collector payload.
void BM_ParseEvent(benchmark::State& state) {
  std::vector<std::string> lines;
  int64_t bytes = 0;
  for (const Event& event : MakeEventMix(10000)) {
    lines.push_back(EventToJson(event));
    bytes += static_cast<int64_t>(lines.back().size());
  }
  for (auto _ : state) {
    for (const std::string& line : lines) benchmark::DoNotOptimize(ParseEvent(line));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * bytes);
}
BENCHMARK(BM_ParseEvent)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace leadscore::bench

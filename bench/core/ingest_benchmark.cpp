#include <benchmark/benchmark.h>

#include "event_mix.h"
#include "leadscore/session.h"

namespace leadscore::bench {
namespace {

// Events per second appended to one Session, parsing excluded: the cost the page script pays
// per tracked event and the CLI per log line once it is parsed.
void BM_SessionIngest(benchmark::State& state) {
  const size_t count = static_cast<size_t>(state.range(0));
  const Config config = testing::ExampleConfig();
  const std::vector<Event> mix = MakeEventMix(count);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Event> events = mix;  // Ingest takes its event by value; copying is not timed
    Session session(config);
    state.ResumeTiming();
    for (Event& event : events) benchmark::DoNotOptimize(session.Ingest(std::move(event)));
    state.PauseTiming();
    {
      Session discarded = std::move(session);  // freeing a big session is not ingestion either
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_SessionIngest)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace leadscore::bench

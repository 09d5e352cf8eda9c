#include <benchmark/benchmark.h>

#include "event_mix.h"
#include "leadscore/session.h"

namespace leadscore::bench {
namespace {

constexpr int64_t kDayMs = 86400000;

Session SessionOf(size_t count) {
  Session session(testing::ExampleConfig());
  for (Event& event : MakeEventMix(count)) session.Ingest(std::move(event));
  return session;
}

// score() at the latest event, the call the page script makes after each event.
void BM_ComputeScore(benchmark::State& state) {
  Session session = SessionOf(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(session.ComputeScore());
}
BENCHMARK(BM_ComputeScore)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);

// score() a day after the latest event (a returning visitor, `leadscore score --now`).
void BM_ComputeScoreLater(benchmark::State& state) {
  Session session = SessionOf(static_cast<size_t>(state.range(0)));
  const int64_t now = session.events().back().t + kDayMs;
  for (auto _ : state) benchmark::DoNotOptimize(session.ComputeScore(now));
}
BENCHMARK(BM_ComputeScoreLater)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);

// score() at a time before most events (`--now` in the past): the occurrences are summed one
// by one instead of from the anchored sums.
void BM_ComputeScoreEarlier(benchmark::State& state) {
  Session session = SessionOf(static_cast<size_t>(state.range(0)));
  const EventLog& events = session.events();
  const int64_t now = events[events.size() / 2].t;
  for (auto _ : state) benchmark::DoNotOptimize(session.ComputeScore(now));
}
BENCHMARK(BM_ComputeScoreEarlier)->Arg(100)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace leadscore::bench

// Micro-benchmarks of the simulator's hot paths (Google Benchmark):
//   tools/bench --micro      (or build/microbench after a build)
#include <benchmark/benchmark.h>

#include <queue>
#include <vector>

#include "engine/event_queue.h"
#include "model/roster.h"
#include "model/simulation.h"

namespace gilsim {
namespace {

// The steady state of a simulation: pop the earliest event, push one a little later.
void BM_EventQueuePopPush(benchmark::State& state) {
  EventQueue<std::uint64_t> queue;
  std::uint64_t x = 88172645463325252ULL;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<Time>(x % 1'000'000);
  };
  for (std::int64_t i = 0; i < state.range(0); ++i) queue.push(next(), 0);
  for (auto _ : state) {
    auto e = queue.pop();
    queue.push(e.time + next(), e.payload);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueuePopPush)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

// The same with std::priority_queue, for comparison.
void BM_StdPriorityQueuePopPush(benchmark::State& state) {
  struct Event {
    Time time;
    std::uint64_t sequence;
    bool operator>(const Event& o) const { return time > o.time || (time == o.time && sequence > o.sequence); }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue;
  std::uint64_t x = 88172645463325252ULL, seq = 0;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<Time>(x % 1'000'000);
  };
  for (std::int64_t i = 0; i < state.range(0); ++i) queue.push({next(), seq++});
  for (auto _ : state) {
    Event e = queue.top();
    queue.pop();
    queue.push({e.time + next(), seq++});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StdPriorityQueuePopPush)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

struct NullObserver : Observer {
  std::uint64_t changes = 0;
  void on_thread_state(const StateChange&) override { ++changes; }
  void on_gil_acquire(Time, ProcessIndex, ThreadIndex, bool) override {}
  void on_gil_release(Time, ProcessIndex, ThreadIndex) override {}
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override {}
  void on_print(Time, ThreadIndex, std::string_view) override {}
  void on_deadlock(const Deadlock&) override {}
  void on_end(Time, const ThreadStates&) override {}
};

// The GIL hand-off path: N CPU-bound threads of one process on N cores hand
// the GIL round every switch interval (request, forced drop, hand-off).
void BM_GilHandoff(benchmark::State& state) {
  Scenario s;
  s.name = "gil";
  s.cores = static_cast<std::uint32_t>(state.range(0));
  ProcessSpec p;
  p.name = "app";
  ThreadSpec t;
  t.name = "w";
  t.count = static_cast<std::uint32_t>(state.range(0));
  Step compute;
  compute.kind = StepKind::compute;
  compute.duration = 100 * kMillisecond;
  t.steps.push_back(compute);
  p.threads.push_back(t);
  s.processes.push_back(p);
  s.gil.switch_interval = 1 * kMicrosecond;
  Roster roster(s);
  std::uint64_t changes = 0;
  for (auto _ : state) {
    NullObserver observer;
    Simulation(roster, observer).run();
    changes += observer.changes;
  }
  state.counters["state_changes/s"] = benchmark::Counter(static_cast<double>(changes), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_GilHandoff)->Arg(2)->Arg(16)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gilsim

BENCHMARK_MAIN();

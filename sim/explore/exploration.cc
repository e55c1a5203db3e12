#include "explore/exploration.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "compare/measure.h"
#include "compare/runner.h"
#include "export/verify_compare.h"
#include "model/observer.h"
#include "model/roster.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"

namespace gilsim {

const char* run_end_name(RunEnd end) {
  switch (end) {
    case RunEnd::completed: return "completed";
    case RunEnd::deadlock: return "deadlock";
    case RunEnd::program_error: return "program_error";
    case RunEnd::stopped: return "stopped";
  }
  return "?";
}

namespace {

// The printed lines of one run, as explore compares them, and their hash
// (64-bit FNV-1a over each line and a newline: two different orders share
// one with a chance of about n^2 / 2^65 among n orders).
class OrderProbe : public Observer {
 public:
  explicit OrderProbe(const Roster& roster) : roster_(roster) {}

  void on_print(Time, ThreadIndex thread, std::string_view text) override {
    std::string line = roster_.full_name(thread) + ": " + mask_durations(text);
    for (unsigned char c : line) hash_ = (hash_ ^ c) * kPrime;
    hash_ = (hash_ ^ '\n') * kPrime;
    if (lines_.size() < kKeptLines) lines_.push_back(std::move(line));
    ++printed_;
  }
  void on_thread_state(const StateChange&) override {}
  void on_gil_acquire(Time, ProcessIndex, ThreadIndex, bool) override {}
  void on_gil_release(Time, ProcessIndex, ThreadIndex) override {}
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override {}
  void on_deadlock(const Deadlock&) override {}
  void on_end(Time, const ThreadStates&) override {}

  std::uint64_t hash() const { return hash_; }
  std::uint64_t printed() const { return printed_; }
  std::vector<std::string>& lines() { return lines_; }

 private:
  static constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  const Roster& roster_;
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
  std::vector<std::string> lines_;  // the first kKeptLines
  std::uint64_t printed_ = 0;
};

}  // namespace

Exploration explore(const ExploreRequest& request,
                    const std::function<void(std::size_t done, std::size_t total)>& progress) {
  Exploration e;
  std::uint64_t begin = 0, end = request.seeds;
  if (request.shard) {
    begin = request.shard->begin(static_cast<std::size_t>(request.seeds));
    end = request.shard->end(static_cast<std::size_t>(request.seeds));
  }
  e.first_seed = request.first_seed + begin;
  e.seeds = end - begin;
  e.wake_jitter = request.wake_jitter;
  e.gil_jitter = request.gil_jitter;
  e.runs.resize(e.seeds);

  std::mutex orders_lock;
  std::map<std::uint64_t, std::vector<std::string>> lines_of;  // per order hash: its lines, kept once
  auto job = [&](std::size_t i) {
    SeedRun& run = e.runs[i];
    run.seed = e.first_seed + i;
    Scenario scenario = request.scenario;
    scenario.perturbation = PerturbationSpec{run.seed, request.wake_jitter, request.gil_jitter};
    Roster roster(scenario);
    OrderProbe probe(roster);
    RunProducts products =
        simulate(roster, {.format = ReportFormat::summary, .limits = request.limits, .output = {.keep = false}, .also = &probe});
    const Outcome& outcome = products.outcome;
    run.makespan = outcome.end;
    run.order = probe.hash();
    run.lines = probe.printed();
    if (outcome.stop != RunStop::drained) {
      run.end = RunEnd::stopped;
    } else if (outcome.program_error) {
      run.end = RunEnd::program_error;
      run.problem = program_error_text(roster, *outcome.program_error);
    } else if (outcome.deadlock) {
      run.end = RunEnd::deadlock;
      run.problem = deadlock_text(roster, *outcome.deadlock);
    }
    std::lock_guard<std::mutex> hold(orders_lock);
    lines_of.try_emplace(run.order, std::move(probe.lines()));
  };
  // As many side by side as half the memory holds (compare's rule); the output is the same whatever that is.
  const unsigned workers = workers_within_memory(std::max(1u, request.workers),
                                                 run_memory_estimate(request.scenario, request.scenario.cores));
  run_jobs(e.runs.size(), workers, job, [&](std::size_t done) {
    if (progress) progress(done, e.runs.size());
  });

  std::map<std::uint64_t, std::size_t> index;  // hash -> position in e.orders
  for (const SeedRun& run : e.runs) {
    auto [it, added] = index.try_emplace(run.order, e.orders.size());
    if (added) e.orders.push_back({run.order, std::move(lines_of[run.order]), 0, run.seed});
    ++e.orders[it->second].runs;
  }
  std::stable_sort(e.orders.begin(), e.orders.end(), [](const PrintOrder& a, const PrintOrder& b) {
    return a.runs != b.runs ? a.runs > b.runs : a.first_seed < b.first_seed;
  });
  return e;
}

std::vector<EndCount> count_ends(const Exploration& e) {
  std::vector<EndCount> counts(kRunEnds);
  for (const SeedRun& run : e.runs) {
    EndCount& c = counts[static_cast<int>(run.end)];
    if (c.runs++ == 0) c.first_seed = run.seed;
  }
  return counts;
}

MakespanSpread makespan_spread(const Exploration& e) {
  std::vector<Time> times;
  for (const SeedRun& run : e.runs)
    if (run.end == RunEnd::completed) times.push_back(run.makespan);
  MakespanSpread s;
  s.runs = times.size();
  if (times.empty()) return s;
  std::sort(times.begin(), times.end());
  // Nearest rank: the smallest sample that at least p % of the samples do not exceed.
  auto rank = [&](std::size_t percent) { return times[(percent * times.size() + 99) / 100 - 1]; };
  s.min = times.front();
  s.p50 = rank(50);
  s.p95 = rank(95);
  s.max = times.back();
  return s;
}

std::size_t departure(const PrintOrder& order, const PrintOrder& reference) {
  std::size_t n = std::min(order.lines.size(), reference.lines.size());
  for (std::size_t i = 0; i < n; ++i)
    if (order.lines[i] != reference.lines[i]) return i;
  return n;
}

}  // namespace gilsim

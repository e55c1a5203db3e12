// Properties every policy keeps, over generated scenarios (seeded, so every
// run of the test sees the same ones): work is conserved, a thread is on at
// most one core and a core runs at most one thing, no core idles while a
// ready thread may use it, and affinity is respected.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>

#include "model/roster.h"
#include "model/simulation.h"
#include "model_fixture.h"

using namespace gilsim;
using namespace gilsim::testing;

namespace {

constexpr Time us = kMicrosecond;

// Raw engine output: std::uniform_int_distribution differs between libraries.
struct Dice {
  std::mt19937_64 engine;
  explicit Dice(std::uint64_t seed) : engine(seed) {}
  std::uint64_t below(std::uint64_t n) { return engine() % n; }
  bool one_in(std::uint64_t n) { return below(n) == 0; }
};

struct Generated {
  Scenario scenario;
  Time expected_compute = 0;  // every compute step, start costs included
};

Generated generate(std::uint64_t seed) {
  Dice dice(seed);
  Generated g;
  Scenario& s = g.scenario;
  s.name = "generated " + std::to_string(seed);
  s.costs = CostSpec::none();  // the work is the compute steps and the start costs below
  s.cores = static_cast<std::uint32_t>(1 + dice.below(4));
  const SchedulerPolicy policies[] = {SchedulerPolicy::fifo, SchedulerPolicy::round_robin, SchedulerPolicy::priority,
                                      SchedulerPolicy::cfs};
  s.scheduler.policy = policies[seed % 4];
  s.scheduler.quantum = static_cast<Time>(1 + dice.below(5)) * 500 * us;
  if (dice.one_in(2)) s.scheduler.aging = static_cast<Time>(1 + dice.below(4)) * kMillisecond;
  if (dice.one_in(2)) s.scheduler.context_switch = static_cast<Time>(1 + dice.below(50)) * us;
  if (dice.one_in(2)) s.timer_slack = static_cast<Time>(dice.below(100)) * us;
  auto cpus = [&]() {
    std::vector<std::uint32_t> set;
    for (std::uint32_t c = 0; c < s.cores; ++c)
      if (dice.one_in(2)) set.push_back(c);
    return set;  // empty = any core
  };
  std::size_t processes = 1 + dice.below(3);
  for (std::size_t p = 0; p < processes; ++p) {
    ProcessSpec process;
    process.name = "p" + std::to_string(p);
    process.gil = dice.one_in(2);
    if (dice.one_in(3)) process.os.cpus = cpus();
    std::size_t threads = 1 + dice.below(4);
    for (std::size_t t = 0; t < threads; ++t) {
      ThreadSpec thread;
      thread.name = "t" + std::to_string(t);
      if (dice.one_in(2)) thread.os.priority = static_cast<std::int32_t>(dice.below(4));
      if (dice.one_in(2)) thread.os.nice = static_cast<std::int32_t>(dice.below(40)) - 20;
      if (dice.one_in(4)) thread.os.cpus = cpus();
      std::vector<Step> body;
      std::size_t steps = 1 + dice.below(4);
      Time body_compute = 0;
      for (std::size_t k = 0; k < steps; ++k) {
        Time d = static_cast<Time>(1 + dice.below(3000)) * us;
        switch (dice.below(4)) {
          case 0: body.push_back(compute(d)); body_compute += d; break;
          case 1: body.push_back(compute(d, false)); body_compute += d; break;
          case 2: body.push_back(sleep_for(d)); break;
          default: body.push_back(io(d)); break;
        }
      }
      std::int64_t rounds = static_cast<std::int64_t>(1 + dice.below(5));
      thread.steps.push_back(repeat(rounds, body));
      g.expected_compute += body_compute * rounds;
      process.threads.push_back(std::move(thread));
    }
    s.processes.push_back(std::move(process));
  }
  // Sometimes the first process spawns the last one and waits for it.
  if (processes >= 2 && dice.one_in(2)) {
    ProcessSpec& child = s.processes.back();
    child.spawned_by_step = true;
    child.start_cost = static_cast<Time>(dice.below(2000)) * us;
    Step spawn;
    spawn.kind = StepKind::spawn;
    spawn.process.thread = static_cast<std::uint32_t>(processes - 1);
    Step wait = spawn;
    wait.kind = StepKind::wait;
    auto& steps = s.processes.front().threads.front().steps;
    steps.insert(steps.begin(), {spawn, wait});
    g.expected_compute += *child.start_cost;
  }
  return g;
}

// Checks the properties as the run goes; `problems` lists what broke.
struct PropertyChecker : Observer {
  const Roster& roster;
  // Per thread, the cores it may use, from the scenario's "cpus" (its own,
  // else its process's; none = every core): not from the scheduler under test.
  std::vector<std::vector<bool>> may_use;
  std::vector<ThreadState> state;
  std::vector<CoreIndex> core_of;
  std::vector<ThreadIndex> on_core;   // running thread, or kNone
  std::vector<Time> busy_until;       // overhead end per core
  std::vector<ThreadIndex> switching_to;
  Time now = 0;
  Time running_total = 0;
  std::vector<Time> running_since;
  std::vector<std::string> problems;
  static constexpr std::uint32_t kNone = UINT32_MAX;

  explicit PropertyChecker(const Roster& r)
      : roster(r),
        state(r.threads().size(), ThreadState::not_started),
        core_of(r.threads().size(), kNone),
        on_core(r.cores(), kNone),
        busy_until(r.cores(), 0),
        switching_to(r.cores(), kNone),
        running_since(r.threads().size(), 0) {
    const Scenario& sc = r.scenario();
    for (ThreadIndex t = 0; t < r.threads().size(); ++t) {
      const ThreadInfo& info = r.threads()[t];
      const ProcessSpec& process = sc.processes[r.processes()[info.process].spec];
      const std::vector<std::uint32_t>& own = process.threads[info.spec].os.cpus;
      const std::vector<std::uint32_t>& cpus = own.empty() ? process.os.cpus : own;
      std::vector<bool> cores(r.cores(), cpus.empty());
      for (std::uint32_t c : cpus)
        if (c < r.cores()) cores[c] = true;
      may_use.push_back(std::move(cores));
    }
  }
  bool allows(ThreadIndex t, CoreIndex c) const { return may_use[t][c]; }

  void problem(const std::string& what) {
    if (problems.size() < 5) problems.push_back("at " + std::to_string(now) + " ns: " + what);
  }

  // The state at the end of an instant: no idle core beside a ready thread that may use it.
  void end_instant() {
    for (ThreadIndex t = 0; t < state.size(); ++t) {
      if (state[t] != ThreadState::ready) continue;
      bool switching = false;
      for (CoreIndex c = 0; c < on_core.size(); ++c)
        if (switching_to[c] == t && busy_until[c] > now) switching = true;
      if (switching) continue;
      for (CoreIndex c = 0; c < on_core.size(); ++c)
        if (on_core[c] == kNone && busy_until[c] <= now && allows(t, c))
          problem("core " + std::to_string(c) + " idles while " + roster.full_name(t) + " is ready");
    }
  }
  void advance(Time t) {
    if (t > now) {
      end_instant();
      now = t;
    }
  }

  void on_thread_state(const StateChange& c) override {
    const Time t = c.at;
    const ThreadIndex thread = c.thread;
    const ThreadState s = c.to;
    const std::uint32_t detail = c.detail;
    advance(t);
    if (gilsim::on_core(state[thread])) {
      running_total += t - running_since[thread];
      on_core[core_of[thread]] = kNone;
      core_of[thread] = kNone;
    }
    if (gilsim::on_core(s)) {
      if (on_core[detail] != kNone) problem("core " + std::to_string(detail) + " runs two threads");
      if (busy_until[detail] > t) problem("core " + std::to_string(detail) + " runs a thread while switching");
      if (!allows(thread, detail)) problem(roster.full_name(thread) + " runs outside its cpus");
      on_core[detail] = thread;
      core_of[thread] = detail;
      running_since[thread] = t;
    }
    state[thread] = s;
  }
  void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) override {
    advance(t);
    if (on_core[core] != kNone) problem("core " + std::to_string(core) + " switches while running a thread");
    if (busy_until[core] > t) problem("core " + std::to_string(core) + " switches twice at once");
    busy_until[core] = t + duration;
    switching_to[core] = incoming;
  }
  void on_gil_acquire(Time, ProcessIndex, ThreadIndex, bool) override {}
  void on_gil_release(Time, ProcessIndex, ThreadIndex) override {}
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override {}
  void on_print(Time, ThreadIndex, std::string_view) override {}
  void on_deadlock(const Deadlock& d) override { problem("deadlock: " + deadlock_text(roster, d)); }
  void on_end(Time t, const ThreadStates&) override {
    advance(t);
    end_instant();
  }
};

}  // namespace

TEST_CASE("every policy conserves work, is work-conserving and respects affinity (200 generated scenarios)") {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    Generated g = generate(seed);
    CAPTURE(seed);
    std::string policy = policy_name(g.scenario.scheduler.policy);
    CAPTURE(policy);
    Roster roster(g.scenario);
    PropertyChecker checker(roster);
    Outcome first = Simulation(roster, checker).run();
    std::string problems;
    for (const std::string& p : checker.problems) problems += p + "; ";
    CHECK(problems == "");
    // All compute steps ran, and nothing else did: overhead is not running time.
    CHECK(checker.running_total == g.expected_compute);
    Watcher a(roster), b(roster);
    Simulation(roster, a).run();
    Simulation(roster, b).run();
    CHECK(a.log == b.log);  // deterministic
    CHECK(first.stop == RunStop::drained);
  }
}

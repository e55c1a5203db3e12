#pragma once
// Small helpers to build scenarios in code and watch a run, for model tests.

#include <map>
#include <string>
#include <vector>

#include "model/roster.h"
#include "model/simulation.h"
#include "report/outcome_text.h"

namespace gilsim::testing {

inline Step compute(Time d, bool gil = true) {
  Step s;
  s.kind = StepKind::compute;
  s.duration = d;
  s.holds_gil = gil;
  return s;
}
inline Step sleep_for(Time d) {
  Step s;
  s.kind = StepKind::sleep;
  s.duration = d;
  return s;
}
inline Step io(Time d) {
  Step s;
  s.kind = StepKind::io;
  s.duration = d;
  return s;
}
inline Step start(std::uint32_t thread) {
  Step s;
  s.kind = StepKind::start;
  s.target.thread = thread;
  return s;
}
inline Step join(std::uint32_t thread) {
  Step s;
  s.kind = StepKind::join;
  s.target.thread = thread;
  return s;
}
inline Step print(std::vector<TextPart> parts) {
  Step s;
  s.kind = StepKind::print;
  s.text = std::move(parts);
  return s;
}
inline Step repeat(std::int64_t n, std::vector<Step> body, std::string var = "", std::int64_t from = 0,
                   std::int64_t step = 1) {
  Step s;
  s.kind = StepKind::repeat;
  s.count = n;
  s.body = std::move(body);
  s.var = std::move(var);
  s.from = from;
  s.step = step;
  return s;
}
inline ThreadSpec thread(std::string name, std::vector<Step> steps, bool started_by_step = false) {
  ThreadSpec t;
  t.name = std::move(name);
  t.steps = std::move(steps);
  t.started_by_step = started_by_step;
  return t;
}
inline ProcessSpec process(std::string name, bool gil, std::vector<ThreadSpec> threads) {
  ProcessSpec p;
  p.name = std::move(name);
  p.gil = gil;
  p.threads = std::move(threads);
  return p;
}
inline Scenario scenario(std::uint32_t cores, std::vector<ProcessSpec> processes) {
  Scenario s;
  s.name = "test";
  s.cores = cores;
  s.processes = std::move(processes);
  // These tests were worked out with every thread that no step starts
  // beginning at time 0; how a main thread starts them is tested apart.
  s.start_together = true;
  s.costs = CostSpec::none();  // and with no costs (test_costs.cc has them)
  return s;
}

// Watches a run: finish times, time running, GIL counts, output and a log.
struct Watcher : Observer {
  explicit Watcher(const Roster& r) : roster(r) {}
  const Roster& roster;
  std::map<std::string, Time> finish;
  std::map<std::string, Time> running;
  std::map<std::string, Time> since;
  std::map<std::string, ThreadState> state;
  std::vector<std::string> output;
  std::vector<std::string> log;
  std::uint64_t acquisitions = 0, forced = 0, requests = 0;
  std::uint32_t max_running = 0, now_running = 0;
  Time end = -1;

  Time last_change = 0;
  // Parallelism that lasted for a positive time (not a same-instant blip).
  void settle_max(Time t) {
    if (t > last_change) max_running = std::max(max_running, now_running);
    last_change = t;
  }
  void on_thread_state(const StateChange& c) override {
    const Time t = c.at;
    const ThreadIndex th = c.thread;
    const ThreadState s = c.to;
    settle_max(t);
    std::string name = roster.full_name(th);
    if (on_core(state[name])) {
      running[name] += t - since[name];
      --now_running;
    }
    if (on_core(s)) ++now_running;
    state[name] = s;
    since[name] = t;
    if (s == ThreadState::finished) finish[name] = t;
    log.push_back(std::to_string(t) + " " + name + " " + state_name(s));
  }
  void on_gil_acquire(Time, ProcessIndex, ThreadIndex, bool f) override {
    ++acquisitions;
    forced += f;
  }
  void on_gil_release(Time, ProcessIndex, ThreadIndex) override {}
  void on_gil_drop_request(Time, ProcessIndex, ThreadIndex) override { ++requests; }
  void on_print(Time t, ThreadIndex th, std::string_view text) override {
    output.push_back(std::to_string(t) + " " + roster.thread_name(th) + ": " + std::string(text));
  }
  std::string deadlock;
  void on_deadlock(const Deadlock& d) override { deadlock = deadlock_text(roster, d); }
  void on_end(Time t, const ThreadStates&) override {
    settle_max(t);
    end = t;
  }
};

struct Run {
  Scenario scenario;
  Roster roster;
  Watcher watcher;
  Outcome outcome;
  explicit Run(Scenario s) : scenario(std::move(s)), roster(scenario), watcher(roster) {
    outcome = Simulation(roster, watcher).run();
  }
  // The outcome in the words the reports use.
  std::string deadlock_text() const { return gilsim::deadlock_text(roster, *outcome.deadlock); }
  std::string program_error_text() const { return gilsim::program_error_text(roster, *outcome.program_error); }
};

inline TextPart lit(std::string s) { return {TextPart::Kind::literal, std::move(s)}; }
inline TextPart var(std::string s) { return {TextPart::Kind::loop_var, std::move(s)}; }
inline TextPart active() { return {TextPart::Kind::active_count, ""}; }

}  // namespace gilsim::testing

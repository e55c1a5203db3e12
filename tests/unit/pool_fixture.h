#pragma once
// Pool runs from scenario JSON for the pool tests (test_pool_runs.cc,
// test_pool_report.cc): a run with every cost given and its results by
// thread name, a one-process scenario, and costs that price only pickling
// and pipes.

#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>

#include "model/roster.h"
#include "model/simulation.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"
#include "scenario/loader.h"

namespace gilsim::pool_fixture {

constexpr Time ms = kMillisecond;
constexpr Time us = kMicrosecond;

// A run of the scenario (its "costs": "none"), with the costs `set_costs`
// gives (so that a cost added later stays 0 here), every interval recorded.
struct PoolScenarioRun {
  std::unique_ptr<Scenario> scenario;
  std::unique_ptr<Roster> roster;
  Outcome outcome;
  RunResult result;

  explicit PoolScenarioRun(const std::string& json, const std::function<void(CostSpec&)>& set_costs = {}) {
    scenario = std::make_unique<Scenario>(load_scenario_text(json, "s.json"));
    if (set_costs) set_costs(scenario->costs);
    roster = std::make_unique<Roster>(*scenario);
    RunProducts run = simulate(*roster, {.format = ReportFormat::json});
    outcome = run.outcome;
    result = std::move(run.result);
  }
  ThreadIndex thread(const std::string& full_name) const {
    for (ThreadIndex t = 0; t < roster->threads().size(); ++t)
      if (roster->full_name(t) == full_name) return t;
    FAIL("no thread " << full_name);
    return 0;
  }
  const ThreadResult& of(const std::string& full_name) const { return result.threads[thread(full_name)]; }
  Time finish(const std::string& full_name) const { return of(full_name).finish; }
  Time running(const std::string& full_name) const { return of(full_name).time_in[ThreadState::running]; }
  bool started(const std::string& full_name) const { return of(full_name).start >= 0; }
  std::string deadlock_text() const { return gilsim::deadlock_text(*roster, *outcome.deadlock); }
  std::string names() const {
    std::string all;
    for (ThreadIndex t = 0; t < roster->threads().size(); ++t) all += roster->full_name(t) + " ";
    return all;
  }
};

// A scenario of one process "app" (gil as given) on `cores`, with costs "none".
inline std::string app(int cores, bool gil, const std::string& tasks, const std::string& executors,
                       const std::string& threads) {
  return R"({"name": "pools", "cores": )" + std::to_string(cores) + R"(, "costs": "none")" +
         R"(, "processes": [{"name": "app", "gil": )" + (gil ? "true" : "false") + R"(, "tasks": )" + tasks +
         R"(, "executors": )" + executors + R"(, "threads": )" + threads + "}]}";
}

// Every cost 0 but the pool's pickling and pipe costs given here (the pipe's
// write: queue_write and queue_write_mb; reading costs nothing).
inline std::function<void(CostSpec&)> pickling_costs(Time pickle, Time pickle_mb, Time unpickle, Time unpickle_mb,
                                                     Time pipe, Time pipe_mb) {
  return [=](CostSpec& costs) {
    costs.pickle = pickle;
    costs.pickle_mb = pickle_mb;
    costs.unpickle = unpickle;
    costs.unpickle_mb = unpickle_mb;
    costs.queue_write = pipe;
    costs.queue_write_mb = pipe_mb;
  };
}

}  // namespace gilsim::pool_fixture

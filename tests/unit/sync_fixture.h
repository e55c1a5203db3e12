#pragma once
// A scenario run from JSON text, with its outcome and recorded result, for the
// synchronisation tests.

#include <memory>
#include <string>

#include "model/roster.h"
#include "model/simulation.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"
#include "scenario/loader.h"

namespace gilsim::testing {

struct SyncRun {
  std::unique_ptr<Scenario> scenario;
  std::unique_ptr<Roster> roster;
  Outcome outcome;
  RunResult result;

  explicit SyncRun(const std::string& json) {
    scenario = std::make_unique<Scenario>(load_scenario_text(json, "s.json"));
    // Worked out with every thread that no step starts beginning at time 0
    // (how a main thread starts them is tested apart).
    scenario->start_together = true;
    scenario->costs = CostSpec::none();
    roster = std::make_unique<Roster>(*scenario);
    RunProducts run = simulate(*roster, {.format = ReportFormat::json});  // every interval recorded
    outcome = run.outcome;
    result = std::move(run.result);
  }
  // The outcome in the words the reports use.
  std::string deadlock_text() const { return gilsim::deadlock_text(*roster, *outcome.deadlock); }
  std::string program_error_text() const { return gilsim::program_error_text(*roster, *outcome.program_error); }
  Time finish(ThreadIndex t) const { return result.threads[t].finish; }
  Time in(ThreadIndex t, ThreadState s) const { return result.threads[t].time_in[s]; }
};

}  // namespace gilsim::testing

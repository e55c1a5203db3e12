#include "compare/measure.h"

#include "model/roster.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"

namespace gilsim {

Measurement measure(const Scenario& scenario, const RunLimits& limits) {
  Roster roster(scenario);
  // The summary's totals, no per-event data: a grid runs many of these.
  RunProducts run = simulate(roster, {.format = ReportFormat::summary, .limits = limits});
  const Outcome& outcome = run.outcome;
  const RunResult& result = run.result;

  Measurement m;
  m.cores = scenario.cores;
  m.makespan = result.makespan;
  m.stop = outcome.stop;
  if (outcome.deadlock) m.deadlock = deadlock_text(roster, *outcome.deadlock);
  if (outcome.program_error) m.program_error = program_error_text(roster, *outcome.program_error);
  m.parallelism_average = result.parallelism.average;
  m.parallelism_max = result.parallelism.max;
  m.concurrency_average = result.concurrency.average;
  for (const ThreadResult& thread : result.threads) {
    m.thread_time += thread.time_in.total();  // its alive states
    m.gil_wait += thread.time_in[ThreadState::gil_wait];
  }
  for (Time busy : result.core_busy) m.core_busy += busy;
  return m;
}

}  // namespace gilsim

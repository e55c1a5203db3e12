#include "compare/measure.h"

#include "model/roster.h"
#include "report/outcome_text.h"
#include "run/pipeline.h"
#include "scenario/size.h"

namespace gilsim {

Measurement measure(const Scenario& scenario, const RunLimits& limits, const MetricAsk& metrics) {
  Roster roster(scenario);
  // The summary's totals, no per-event data: a grid runs many of these.
  // Nor the printed lines: the probe keeps only the first time of each text a metric asks for.
  MetricProbe probe(roster, metrics.metrics, metrics.picks);
  RunProducts run = simulate(roster, {.format = ReportFormat::summary,
                                      .limits = limits,
                                      .output = {.keep = false},
                                      .also = metrics.metrics.empty() ? nullptr : &probe});
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
  if (outcome.stop == RunStop::drained) m.metrics = probe.values(result);
  else m.metrics.resize(metrics.metrics.size());  // a stopped run measured nothing
  return m;
}

std::uint64_t run_memory_estimate(const Scenario& scenario, std::uint32_t cores) {
  // Measured: compare of 10^6 threads peaks at 347 MB with one job (the
  // variant, its roster and one summary run), 615 MB with two; an
  // instruction costs about 60 bytes; a core's tables a few hundred.
  ScenarioSize size = measure_scenario(scenario);
  auto times = [](std::uint64_t n, std::uint64_t bytes) { return n > UINT64_MAX / bytes ? UINT64_MAX : n * bytes; };
  std::uint64_t total = times(size.threads, 384);
  for (std::uint64_t part : {times(size.script_steps, 64), times(size.syncs, 256), times(cores, 256)})
    total = part > UINT64_MAX - total ? UINT64_MAX : total + part;
  return total;
}

}  // namespace gilsim

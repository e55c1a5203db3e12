#pragma once
// One simulation of a comparison, reduced to the totals that a row needs.
// Everything is kept as exact integers; ratios are derived when rendering.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/metric_probe.h"
#include "engine/engine.h"
#include "model/scenario.h"

namespace gilsim {

struct Measurement {
  std::uint32_t cores = 1;
  Time makespan = 0;
  RunStop stop = RunStop::drained;
  std::optional<std::string> deadlock;  // the model's message
  std::optional<std::string> program_error;  // a forbidden release (the run went on to the end)
  double parallelism_average = 0;       // threads on a core, time-weighted
  std::uint32_t parallelism_max = 0;
  double concurrency_average = 0;  // threads alive, time-weighted
  Time thread_time = 0;            // sum over threads of the time they were alive
  Time gil_wait = 0;               // sum over threads of the time spent waiting for a GIL
  Time core_busy = 0;              // sum over cores of the time a thread ran on them
  std::vector<MetricValue> metrics;  // per --metric, in order
};

// What a run is measured by besides its totals: the metrics, and per metric
// the threads it names in this scenario (metric.h).
struct MetricAsk {
  std::vector<MetricSpec> metrics;
  std::vector<std::vector<ThreadPick>> picks;
};

// Simulates `scenario` as it is (cores and GIL settings already applied).
Measurement measure(const Scenario& scenario, const RunLimits& limits, const MetricAsk& metrics = {});

// About how many bytes one measurement of `scenario` on `cores` cores holds at
// its peak (docs/robustness.md has the figures it is drawn from).
std::uint64_t run_memory_estimate(const Scenario& scenario, std::uint32_t cores);

}  // namespace gilsim

#pragma once
// A comparison: one simulation per point of a grid, and per point the row of
// numbers that the renderers show. Speedups need reference points (point 1,
// and the same settings on 1 core); those are simulated too when a shard or
// the core list leaves them out, so a row's numbers never depend on which
// other rows were asked for.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compare/grid.h"
#include "compare/measure.h"
#include "model/scenario.h"

namespace gilsim {

struct ComparisonRequest {
  std::string file;                // the scenario file as the user named it, for the report
  std::vector<Scenario> variants;  // one per grid variant (combination of --set values)
  Grid grid;
  RunLimits limits;      // per simulation
  unsigned workers = 1;  // --jobs
  std::optional<Shard> shard;
  // --metric, in order, with the threads each names in each variant
  // (metrics[v] for variant v); none: the makespan alone.
  std::vector<MetricAsk> metrics;
};

struct ComparisonRow {
  std::size_t point = 0;  // 0-based index in the grid; shown 1-based
  Grid::Point at;
  Measurement measured;
  // Ratios of the headline: the first --metric, else the makespan. Empty
  // when a value they divide by is zero or either value is absent.
  std::optional<double> speedup;            // headline of point 1 / this headline
  std::optional<double> speedup_vs_1_core;  // same series on 1 core / this headline
  std::optional<double> efficiency;         // speedup_vs_1_core / cores
  std::optional<double> gil_wait_share;     // gil_wait / thread_time
  std::optional<double> core_utilisation;   // core_busy / (cores * makespan)
};

// A simulation that a --max-events or --max-time limit (or time overflow) stopped.
struct StoppedRun {
  std::optional<std::size_t> point;  // the grid point, or empty for a 1-core reference run
  std::size_t series = 0;
  Measurement measured;
};

struct Comparison {
  std::string file;
  std::string scenario_name;  // of the first variant
  Grid grid;
  std::optional<Shard> shard;
  std::vector<MetricSpec> metrics;     // --metric, in order; each row's measured.metrics follow it
  std::vector<std::string> workloads;  // per series: "5 threads of one GIL process"
  std::vector<bool> workload_plural;   // per series: the workload takes "do", not "does"
  std::vector<ComparisonRow> rows;     // the shard's points (all without a shard), in order
  std::size_t simulations = 0;         // including the reference points
  std::optional<StoppedRun> stopped;   // the first one, in a fixed order; its rows mean little
};

// The scenario of one point: the variant with the point's cores and GIL setting.
Scenario point_scenario(const Scenario& variant, GilSetting gil, std::uint32_t cores);

// Runs the request's points (and the references they need) on
// request.workers threads; progress(done, total) as in run_jobs.
Comparison run_comparison(const ComparisonRequest& request,
                          const std::function<void(std::size_t done, std::size_t total)>& progress = {});

// What the speedups divide: the first metric's value, else the makespan.
std::optional<double> headline(const Comparison& comparison, const Measurement& m);

// "outcome" of a row: "completed", "deadlock", "event limit", "time limit", "time overflow".
const char* outcome_name(const Measurement& m);

}  // namespace gilsim

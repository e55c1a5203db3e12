#include "compare/comparison.h"

#include <algorithm>

#include "compare/runner.h"
#include "model/roster.h"

namespace gilsim {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// One simulation: a point of the grid, or a 1-core reference outside it.
struct Job {
  std::size_t variant = 0;
  std::size_t gil = 0;
  std::uint32_t cores = 1;
};

std::optional<double> ratio(double numerator, double denominator) {
  if (denominator <= 0 || numerator < 0) return std::nullopt;
  return numerator / denominator;
}

std::string counted(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "5 threads of one GIL process", "4 processes with a GIL each", from the
// scenario itself, so that the summary describes what was run.
std::string describe_workload(const Scenario& scenario, bool& plural) {
  auto [processes, threads, with_gil] = headcount(scenario);
  if (processes == 1) {
    plural = threads > 1;
    return counted(threads, "thread", "threads") + " of one " + (with_gil ? "GIL process" : "free-threaded process");
  }
  plural = true;
  std::string text = threads > processes
                         ? counted(threads, "thread", "threads") + " in " + counted(processes, "process", "processes")
                         : counted(processes, "process", "processes");
  if (with_gil == processes) return text + " with a GIL each";
  if (with_gil == 0) return text + " without a GIL";
  return text + " (" + std::to_string(with_gil) + " with a GIL)";
}

}  // namespace

Scenario point_scenario(const Scenario& variant, GilSetting gil, std::uint32_t cores) {
  Scenario scenario = variant;
  set_cores(scenario, cores);
  if (gil != GilSetting::scenario)
    for (ProcessSpec& process : scenario.processes) process.gil = gil == GilSetting::on;
  return scenario;
}

std::optional<double> headline(const Comparison& c, const Measurement& m) {
  if (c.metrics.empty()) return static_cast<double>(m.makespan);
  return m.metrics.empty() ? std::nullopt : m.metrics[0];
}

const char* outcome_name(const Measurement& m) {
  switch (m.stop) {
    case RunStop::event_limit:
      return "event limit";
    case RunStop::time_limit:
      return "time limit";
    case RunStop::time_overflow:
      return "time overflow";
    default:
      return m.program_error ? "program error" : m.deadlock ? "deadlock" : "completed";
  }
}

Comparison run_comparison(const ComparisonRequest& request,
                          const std::function<void(std::size_t, std::size_t)>& progress) {
  const Grid& grid = request.grid;
  std::size_t points = grid.point_count();
  std::size_t begin = request.shard ? request.shard->begin(points) : 0;
  std::size_t end = request.shard ? request.shard->end(points) : points;

  // The jobs: this shard's points, point 1, and each touched series on 1 core.
  std::vector<Job> jobs;
  std::vector<std::size_t> job_of_point(points, kNone);
  std::vector<std::size_t> one_core_job(grid.series_count(), kNone);
  auto need_point = [&](std::size_t i) {
    if (job_of_point[i] != kNone) return;
    Grid::Point p = grid.point(i);
    job_of_point[i] = jobs.size();
    jobs.push_back({p.variant, p.gil, grid.cores[p.cores]});
  };
  for (std::size_t i = begin; i < end; ++i) need_point(i);
  need_point(0);
  auto one_core = std::find(grid.cores.begin(), grid.cores.end(), 1u);
  if (begin < end) {
    for (std::size_t s = grid.point(begin).series; s <= grid.point(end - 1).series; ++s) {
      if (one_core != grid.cores.end()) {
        need_point(grid.index(s, static_cast<std::size_t>(one_core - grid.cores.begin())));
        one_core_job[s] = job_of_point[grid.index(s, static_cast<std::size_t>(one_core - grid.cores.begin()))];
      } else {
        one_core_job[s] = jobs.size();
        jobs.push_back({s / grid.gil.size(), s % grid.gil.size(), 1});
      }
    }
  }

  std::vector<Measurement> measured(jobs.size());
  run_jobs(
      jobs.size(), request.workers,
      [&](std::size_t i) {
        const Job& job = jobs[i];
        static const MetricAsk kNoMetrics;
        measured[i] = measure(point_scenario(request.variants[job.variant], grid.gil[job.gil], job.cores),
                              request.limits, request.metrics.empty() ? kNoMetrics : request.metrics[job.variant]);
      },
      [&](std::size_t done) {
        if (progress) progress(done, jobs.size());
      });

  Comparison result;
  result.file = request.file;
  result.scenario_name = request.variants.empty() ? "" : request.variants[0].name;
  result.grid = grid;
  result.shard = request.shard;
  if (!request.metrics.empty()) result.metrics = request.metrics[0].metrics;
  result.simulations = jobs.size();
  result.workloads.resize(grid.series_count());
  result.workload_plural.resize(grid.series_count());
  for (std::size_t s = 0; s < grid.series_count(); ++s) {
    bool plural = false;
    result.workloads[s] = describe_workload(
        point_scenario(request.variants[s / grid.gil.size()], grid.gil[s % grid.gil.size()], 1), plural);
    result.workload_plural[s] = plural;
  }

  for (std::size_t i = 0; i < jobs.size() && !result.stopped; ++i) {
    if (measured[i].stop == RunStop::drained) continue;
    StoppedRun stopped;
    stopped.series = jobs[i].variant * grid.gil.size() + jobs[i].gil;
    for (std::size_t p = 0; p < points && !stopped.point; ++p)
      if (job_of_point[p] == i) stopped.point = p;
    stopped.measured = measured[i];
    result.stopped = stopped;
  }

  auto divided = [](const std::optional<double>& numerator, const std::optional<double>& denominator) {
    return numerator && denominator ? ratio(*numerator, *denominator) : std::nullopt;
  };
  const std::optional<double> first = headline(result, measured[job_of_point[0]]);
  for (std::size_t i = begin; i < end; ++i) {
    ComparisonRow row;
    row.point = i;
    row.at = grid.point(i);
    row.measured = measured[job_of_point[i]];
    const Measurement& m = row.measured;
    auto makespan = static_cast<double>(m.makespan);
    const std::optional<double> value = headline(result, m);
    // A rate (throughput) is better the higher it is: its speedup is this over the reference.
    bool rate = !result.metrics.empty() && result.metrics[0].is_rate();
    const std::optional<double> on_one_core = headline(result, measured[one_core_job[row.at.series]]);
    row.speedup = rate ? divided(value, first) : divided(first, value);
    row.speedup_vs_1_core = rate ? divided(value, on_one_core) : divided(on_one_core, value);
    if (row.speedup_vs_1_core) row.efficiency = *row.speedup_vs_1_core / m.cores;
    row.gil_wait_share = ratio(static_cast<double>(m.gil_wait), static_cast<double>(m.thread_time));
    row.core_utilisation = ratio(static_cast<double>(m.core_busy), makespan * m.cores);
    result.rows.push_back(std::move(row));
  }
  return result;
}

}  // namespace gilsim

#include "advise/advice.h"

#include <algorithm>
#include <stdexcept>

#include "compare/runner.h"
#include "model/roster.h"
#include "scenario/loader.h"

namespace gilsim {

namespace {

// The core counts of the winner's sweep: powers of two below `cores`, and `cores`.
std::vector<std::uint32_t> fit_cores(std::uint32_t cores) {
  std::vector<std::uint32_t> counts;
  for (std::uint64_t n = 1; n < cores; n *= 2) counts.push_back(static_cast<std::uint32_t>(n));
  counts.push_back(cores);
  return counts;
}

// The user's metric first (if any), then the pool's pickling and pipes.
MetricAsk metrics_for(const Scenario& scenario, const AdviseRequest& request, const std::string& pool) {
  MetricAsk ask;
  if (request.metric) {
    ask.metrics.push_back(*request.metric);
    ask.picks.push_back(request.metric->names_threads() ? pick_threads(scenario, request.metric->subject)
                                                        : std::vector<ThreadPick>{});
  }
  if (!pool.empty())
    for (MetricKind kind : {MetricKind::pickling, MetricKind::pipe}) {
      ask.metrics.push_back(MetricSpec{kind, pool});
      ask.picks.emplace_back();
    }
  return ask;
}

Time as_time(const std::optional<double>& v) { return v ? static_cast<Time>(*v) : 0; }

struct Job {
  Scenario scenario;
  MetricAsk metrics;
  Measurement measured;
};

void run_all(std::vector<Job>& jobs, const AdviseRequest& request, std::size_t before, std::size_t total,
             const std::function<void(std::size_t, std::size_t)>& progress) {
  // As many side by side as half the memory holds (compare's rule); the output is the same whatever that is.
  std::uint64_t largest = 0;
  for (const Job& job : jobs) largest = std::max(largest, run_memory_estimate(job.scenario, job.scenario.cores));
  run_jobs(
      jobs.size(), workers_within_memory(std::max(1u, request.workers), largest),
      [&](std::size_t i) { jobs[i].measured = measure(jobs[i].scenario, request.limits, jobs[i].metrics); },
      [&](std::size_t done) {
        if (progress) progress(before + done, total);
      });
}

}  // namespace

bool ranks_before(const OptionResult& a, const OptionResult& b, bool more_is_better) {
  bool a_ok = a.value && a.measured.stop == RunStop::drained && !a.measured.deadlock;
  bool b_ok = b.value && b.measured.stop == RunStop::drained && !b.measured.deadlock;
  if (a_ok != b_ok) return a_ok;
  if (!a_ok) return false;
  return more_is_better ? *a.value > *b.value : *a.value < *b.value;
}

Advice advise(const ScenarioFile& file, const Scenario& as_written, const AdviseRequest& request,
              const std::function<void(std::size_t done, std::size_t total)>& progress) {
  Advice advice;
  advice.file = request.file;
  advice.scenario_name = as_written.name;
  advice.cores = request.cores > 0 ? request.cores : as_written.cores;
  advice.metric = request.metric;
  AdvisePlan plan = plan_advice(as_written, advice.cores);
  advice.pool = plan.pool;

  // Every scenario is loaded (and its metrics' threads picked) before anything runs.
  std::vector<AdviseOption> options = plan.options;
  options.insert(options.begin(), plan.sequential);
  std::vector<Job> jobs;
  for (std::size_t i = 0; i < options.size(); ++i) {
    Scenario s = file.load(options[i].sets, std::vector<std::size_t>(options[i].sets.size(), 0));
    set_cores(s, i == 0 ? 1 : advice.cores);
    MetricAsk metrics;
    try {
      metrics = metrics_for(s, request, plan.pool);
    } catch (const std::invalid_argument& e) {
      throw InputError(request.file + ": --metric " + request.metric->name() + ": as " + options[i].label() + ": " +
                       e.what() + " (rank by what every option has: the makespan, task latency or throughput)");
    }
    jobs.push_back({std::move(s), std::move(metrics), {}});
  }
  const std::vector<std::uint32_t> sweep = fit_cores(advice.cores);
  const std::size_t total = jobs.size() + sweep.size();
  run_all(jobs, request, 0, total, progress);

  const bool more_is_better = request.metric && request.metric->is_rate();
  std::vector<OptionResult> results;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    OptionResult r;
    r.option = options[i];
    r.measured = jobs[i].measured;
    std::size_t m = 0;
    if (request.metric) r.value = r.measured.metrics.empty() ? std::nullopt : r.measured.metrics[m++];
    else r.value = static_cast<double>(r.measured.makespan);
    if (!plan.pool.empty() && r.measured.metrics.size() >= m + 2) {
      r.pickling = as_time(r.measured.metrics[m]);
      r.pipes = as_time(r.measured.metrics[m + 1]);
    }
    r.processes = Roster(jobs[i].scenario).processes().size();
    results.push_back(std::move(r));
  }
  advice.sequential = results.front();
  for (OptionResult& r : results) {
    if (!r.value || !advice.sequential.value || *r.value == 0 || *advice.sequential.value == 0) continue;
    r.speedup = more_is_better ? *r.value / *advice.sequential.value : *advice.sequential.value / *r.value;
  }
  // Ranked by index into the jobs, so that the winner's scenario is at hand.
  std::vector<std::size_t> order(results.size() - 1);
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i + 1;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return ranks_before(results[a], results[b], more_is_better);
  });
  for (std::size_t i : order) advice.ranked.push_back(results[i]);

  // The winner from 1 core up: how much of it stays serial.
  const std::size_t winner = order.front();
  std::vector<Job> fits;
  for (std::uint32_t cores : sweep) {
    Scenario s = jobs[winner].scenario;
    set_cores(s, cores);
    fits.push_back({std::move(s), {}, {}});
  }
  run_all(fits, request, jobs.size(), total, progress);
  const Time one_core = fits.front().measured.makespan;
  for (const Job& job : fits) {
    CoreFit f;
    f.cores = job.scenario.cores;
    f.makespan = job.measured.makespan;
    if (f.makespan > 0 && one_core > 0) f.speedup = static_cast<double>(one_core) / static_cast<double>(f.makespan);
    if (f.speedup && f.cores > 1) {
      double p = f.cores;
      f.serial_fraction = (1 / *f.speedup - 1 / p) / (1 - 1 / p);
    }
    if (f.makespan > 0)
      f.busy_share = static_cast<double>(job.measured.core_busy) / (static_cast<double>(f.makespan) * f.cores);
    if (job.measured.thread_time > 0)
      f.gil_wait_share = static_cast<double>(job.measured.gil_wait) / static_cast<double>(job.measured.thread_time);
    advice.fit.push_back(f);
  }
  return advice;
}

}  // namespace gilsim

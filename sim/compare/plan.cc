#include "compare/plan.h"

#include <algorithm>

#include "compare/measure.h"
#include "compare/summary.h"
#include "model/roster.h"
#include "scenario/loader.h"
#include "scenario/spelling.h"

namespace gilsim {

namespace {

// The --set path /processes/N/gil, which --gil would overrule.
bool is_process_gil(const std::string& pointer) {
  const std::string prefix = "/processes/", suffix = "/gil";
  if (pointer.size() <= prefix.size() + suffix.size() || pointer.rfind(prefix, 0) != 0 ||
      pointer.compare(pointer.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  std::string index = pointer.substr(prefix.size(), pointer.size() - prefix.size() - suffix.size());
  return index.find_first_not_of("0123456789") == std::string::npos;
}

template <class Parse>
auto parse_option(const char* option, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const std::invalid_argument& e) {
    throw AskError(std::string(option) + ": " + e.what());
  }
}

std::vector<Sweep> parse_sweeps(const ComparisonAsk& ask, const std::string& label) {
  std::vector<Sweep> sweeps;
  try {  // --set mistakes are about the file's values: name the file, as every other input error does
    for (const std::string& text : ask.sets) {
      sweeps.push_back(parse_sweep(text));
      for (std::size_t i = 0; i + 1 < sweeps.size(); ++i)
        if (sweeps[i].pointer == sweeps.back().pointer)
          throw AskError(sweeps.back().option() + ": " + sweeps[i].pointer + " is already swept by " +
                         sweeps[i].option() + " (give all its values in one --set)");
      if (!ask.gil.empty() && is_process_gil(sweeps.back().pointer))
        throw AskError(sweeps.back().option() + " and --gil " + ask.gil + " both set the GIL; use one of them");
    }
  } catch (const InputError& e) {
    throw InputError(label + ": " + e.what());
  }
  return sweeps;
}

Grid make_grid(const ComparisonAsk& ask, const std::vector<Sweep>& sweeps) {
  Grid grid;
  for (const Sweep& sweep : sweeps) grid.sweeps.push_back({sweep.path, sweep.values});
  if (!ask.gil.empty()) {
    grid.gil = parse_option("--gil", ask.gil, parse_gil_list);
    grid.gil_swept = true;
  }
  if (!ask.cores.empty()) grid.cores = parse_option("--cores", ask.cores, parse_core_list);
  // Count without overflow: every factor is at least 1.
  std::size_t points = grid.gil.size() * std::max<std::size_t>(grid.cores.size(), 1);
  for (const SweepAxis& axis : grid.sweeps) points = points > kMaxPoints ? points : points * axis.values.size();
  if (points > kMaxPoints)
    throw AskError("the grid has more than " + std::to_string(kMaxPoints) +
                   " points; sweep fewer values (or split the work with --shard and several commands)");
  return grid;
}

// Every point's scenario must fit its core count (cpus, cfs granularities),
// and so must the 1-core reference runs: the first point that does not is an
// input error, before anything runs.
void check_core_counts(const std::string& label, const std::vector<Scenario>& variants, const Grid& grid) {
  Comparison named;
  named.grid = grid;
  for (std::size_t i = 0; i < grid.point_count(); ++i) {
    Grid::Point p = grid.point(i);
    if (auto problem = check_core_count(variants[p.variant], grid.cores[p.cores]))
      throw InputError(label + ": " + describe_point(named, i) + ": " + problem->pointer + ": " + problem->message);
  }
  if (std::find(grid.cores.begin(), grid.cores.end(), 1u) != grid.cores.end()) return;
  for (std::size_t v = 0; v < variants.size(); ++v)
    if (auto problem = check_core_count(variants[v], 1)) {
      std::string settings = series_settings(named, v * grid.gil.size());
      throw InputError(label + ": the 1-core reference run" + (settings.empty() ? "" : " for " + settings) + ": " +
                       problem->pointer + ": " + problem->message);
    }
}

std::vector<MetricSpec> parse_metrics(const ComparisonAsk& ask) {
  std::vector<MetricSpec> metrics;
  for (const std::string& text : ask.metrics) {
    MetricSpec metric = parse_option(("--metric " + quote_short(text)).c_str(), text, parse_metric);
    for (const MetricSpec& earlier : metrics)
      if (earlier == metric) throw AskError("--metric " + quote_short(text) + ": asked twice");
    metrics.push_back(std::move(metric));
  }
  // The first metric drives the speedups: it must say which point did better.
  if (!metrics.empty() && !metrics[0].drives_speedup())
    throw AskError("--metric " + quote_short(ask.metrics[0]) + ": " + metrics[0].name() +
                   " cannot come first: the first metric drives the speedups, and a higher busy share is neither "
                   "better nor worse (put another first: --metric makespan --metric " + ask.metrics[0] + ")");
  return metrics;
}

// Per variant, the threads each metric names: a name that some variant lacks
// is a mistake of the ask, reported before anything runs.
std::vector<MetricAsk> pick_metric_threads(const std::vector<MetricSpec>& metrics,
                                           const std::vector<Scenario>& variants, const Grid& grid) {
  if (metrics.empty()) return {};
  Comparison named;
  named.grid = grid;
  std::vector<MetricAsk> asks(variants.size());
  for (std::size_t v = 0; v < variants.size(); ++v) {
    asks[v].metrics = metrics;
    for (const MetricSpec& metric : metrics) {
      asks[v].picks.emplace_back();
      if (!metric.names_threads() && !metric.names_executor()) continue;
      try {
        if (metric.names_executor())
          check_executor_name(variants[v], metric.subject);
        else
          asks[v].picks.back() = pick_threads(variants[v], metric.subject);
      } catch (const std::invalid_argument& e) {
        // Named only when the first variant has the name: the mistake is then this variant's.
        std::string settings = v == 0 ? "" : series_settings(named, v * grid.gil.size());
        throw AskError("--metric " + quote_short(metric.name()) + ": " + (settings.empty() ? "" : "with " + settings + ", ") +
                       e.what());
      }
    }
  }
  return asks;
}

}  // namespace

ComparisonRequest plan_comparison(const ScenarioFile& file, const std::string& label, const ComparisonAsk& ask) {
  std::vector<Sweep> sweeps = parse_sweeps(ask, label);
  Grid grid = make_grid(ask, sweeps);
  std::vector<MetricSpec> metrics = parse_metrics(ask);
  file.load({}, {});  // the file's own mistakes, reported as `gilsim run` would
  for (const Sweep& sweep : sweeps) file.check(sweep, sweeps);

  ComparisonRequest request;
  request.file = label;
  std::uint64_t most_threads = 1;
  for (std::size_t v = 0; v < grid.variant_count(); ++v) {
    request.variants.push_back(file.load(sweeps, grid.variant_choice(v)));
    most_threads = std::max(most_threads, headcount(request.variants.back()).threads);
  }
  if (grid.cores.empty()) grid.cores = default_core_list(most_threads);
  if (grid.point_count() > kMaxPoints)
    throw AskError("the grid has " + std::to_string(grid.point_count()) + " points, more than " +
                   std::to_string(kMaxPoints) + "; sweep fewer values");
  check_core_counts(label, request.variants, grid);
  request.metrics = pick_metric_threads(metrics, request.variants, grid);
  request.grid = grid;
  return request;
}

void check_metrics_seen(const Comparison& c) {
  for (std::size_t k = 0; k < c.metrics.size(); ++k) {
    if (c.metrics[k].kind != MetricKind::print || c.rows.empty()) continue;
    bool seen = false;
    for (const ComparisonRow& row : c.rows) seen = seen || (k < row.measured.metrics.size() && row.measured.metrics[k]);
    if (!seen)
      throw AskError("--metric " + quote_short(c.metrics[k].name()) + ": no point printed a line containing " +
                     quote_short(c.metrics[k].subject) + " (the text is matched within a line, case and spaces as printed)");
  }
}

std::uint64_t largest_run_estimate(const ComparisonRequest& request) {
  std::uint32_t most_cores = *std::max_element(request.grid.cores.begin(), request.grid.cores.end());
  std::uint64_t largest = 0;
  for (const Scenario& variant : request.variants)
    largest = std::max(largest, run_memory_estimate(variant, most_cores));
  return largest;
}

}  // namespace gilsim

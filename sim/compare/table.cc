#include "compare/table.h"

#include <cmath>
#include <cstdio>

#include "compare/summary.h"
#include "report/numbers.h"

namespace gilsim {

namespace {

std::string or_dash(const std::optional<double>& value, std::string (*format)(double)) {
  return value ? format(*value) : "-";
}

std::string joined(const std::vector<std::string>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + values[i];
  return text;
}

// What a metric's column means, one sentence.
std::string metric_legend(const MetricSpec& m) {
  const std::string& n = m.subject;
  std::string of = n.empty() ? "the threads'" : n + "'s threads'";
  switch (m.kind) {
    case MetricKind::makespan: return "makespan: when the last thread finished.";
    case MetricKind::finish: return m.name() + ": when the last of " + n + "'s threads finished (- if one never did).";
    case MetricKind::response_mean:
      return m.name() + ": mean wait of " + n + "'s threads from ready to running on a core, over their dispatches.";
    case MetricKind::response_p95:
      return m.name() + ": 95th percentile (nearest rank) of " + n +
             "'s waits from ready to running on a core.";
    case MetricKind::response_max: return m.name() + ": longest wait of " + n + "'s threads from ready to running on a core.";
    case MetricKind::gil_wait: return m.name() + ": share of " + of + " lifetime spent waiting for a GIL.";
    case MetricKind::print:
      return m.name() + ": when the first line containing \"" + n + "\" was printed (- if none was).";
    case MetricKind::task_latency_mean:
    case MetricKind::task_latency_p50:
    case MetricKind::task_latency_p95:
    case MetricKind::task_latency_max: {
      const char* which = m.kind == MetricKind::task_latency_mean  ? "mean"
                          : m.kind == MetricKind::task_latency_p50 ? "median (nearest rank)"
                          : m.kind == MetricKind::task_latency_p95 ? "95th percentile (nearest rank)"
                                                                   : "longest";
      return m.name() + ": " + which + " time from a call's submit until its result was set, " +
             (n.empty() ? std::string("in the executor") : "in executor " + n) + " (- if no call finished).";
    }
    case MetricKind::throughput:
      return m.name() + ": task runs per second from the first submit to the last result" +
             (n.empty() ? std::string("") : " of executor " + n) + "; speedup is this over point 1's.";
    case MetricKind::busy_share:
      return m.name() + ": share of " + (n.empty() ? std::string("the executor's") : "executor " + n + "'s") +
             " span, first submit to last result, that its started workers spent with a call (- if no call "
             "finished).";
    case MetricKind::pickling:
      return m.name() + ": time " + (n.empty() ? std::string("the executor's") : "executor " + n + "'s") +
             " feeder, manager and workers spent pickling and unpickling (0 for a thread pool).";
    case MetricKind::pipe:
      return m.name() + ": time " + (n.empty() ? std::string("the executor's") : "executor " + n + "'s") +
             " feeder and workers spent writing to its pipes (0 for a thread pool).";
  }
  return "";
}

}  // namespace

std::string metric_text(const MetricSpec& metric, const std::optional<double>& value) {
  if (!value) return "-";
  if (metric.is_rate()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f/s", *value);
    return text;
  }
  if (!metric.is_time()) return percent(*value);
  return format_time_fixed(static_cast<Time>(std::llround(*value)));
}

std::string grid_text(const Grid& grid) {
  std::string text;
  for (const SweepAxis& axis : grid.sweeps) text += axis.name + " " + joined(axis.values) + " \xC3\x97 ";
  if (grid.gil_swept) {
    std::vector<std::string> names;
    for (GilSetting setting : grid.gil) names.push_back(gil_setting_name(setting));
    text += "gil " + joined(names) + " \xC3\x97 ";
  }
  std::size_t points = grid.point_count();
  return text + "cores " + core_list_text(grid.cores) + " = " + std::to_string(points) +
         (points == 1 ? " point" : " points");
}

ComparisonTable comparison_table(const Comparison& c) {
  ComparisonTable table;
  const Grid& grid = c.grid;
  // "vs 1 core" only when it says something that "speedup" does not.
  bool show_vs_1_core = false;
  for (const ComparisonRow& row : c.rows)
    show_vs_1_core = show_vs_1_core || or_dash(row.speedup, times) != or_dash(row.speedup_vs_1_core, times);

  auto column = [&](std::string header, bool numeric) {
    table.headers.push_back(std::move(header));
    table.numeric.push_back(numeric);
  };
  column("#", true);
  for (const SweepAxis& axis : grid.sweeps) column(axis.name, true);
  if (grid.gil_swept) column("gil", false);
  for (const char* header : {"cores", "makespan"}) column(header, true);
  for (const MetricSpec& metric : c.metrics)
    if (metric.kind != MetricKind::makespan) column(metric.name(), true);
  column("speedup", true);
  if (show_vs_1_core) column("vs 1 core", true);
  for (const char* header : {"efficiency", "parallel", "max", "concurrent", "GIL wait", "core use"})
    column(header, true);

  for (const ComparisonRow& row : c.rows) {
    const Measurement& m = row.measured;
    std::vector<std::string> cells;
    cells.push_back(std::to_string(row.point + 1));
    std::vector<std::size_t> choice = grid.variant_choice(row.at.variant);
    for (std::size_t i = 0; i < choice.size(); ++i) cells.push_back(grid.sweeps[i].values[choice[i]]);
    if (grid.gil_swept) cells.push_back(gil_setting_name(grid.gil[row.at.gil]));
    cells.push_back(std::to_string(m.cores));
    std::string outcome = outcome_name(m);
    cells.push_back(format_time_fixed(m.makespan) + (outcome == "completed" ? "" : "!"));
    if (outcome != "completed")
      table.notes.push_back("! point " + std::to_string(row.point + 1) + ": " +
                            (m.program_error ? *m.program_error
                             : m.deadlock    ? *m.deadlock
                                             : outcome + " reached at " + format_time_fixed(m.makespan)));
    for (std::size_t k = 0; k < c.metrics.size(); ++k)
      if (c.metrics[k].kind != MetricKind::makespan)
        cells.push_back(metric_text(c.metrics[k], k < m.metrics.size() ? m.metrics[k] : std::nullopt));
    cells.push_back(or_dash(row.speedup, times));
    if (show_vs_1_core) cells.push_back(or_dash(row.speedup_vs_1_core, times));
    cells.push_back(or_dash(row.efficiency, percent));
    cells.push_back(fixed2(m.parallelism_average));
    cells.push_back(std::to_string(m.parallelism_max));
    cells.push_back(fixed2(m.concurrency_average));
    cells.push_back(or_dash(row.gil_wait_share, percent));
    cells.push_back(or_dash(row.core_utilisation, percent));
    table.cells.push_back(std::move(cells));
  }

  const std::string headline = c.metrics.empty() ? "makespan" : c.metrics[0].name();
  // A rate is better the higher it is: its ratio runs the other way.
  bool rate = !c.metrics.empty() && c.metrics[0].is_rate();
  auto over = [&](const std::string& reference) {
    return rate ? "this " + headline + " \xC3\xB7 " + headline + " of " + reference
                : headline + " of " + reference + " \xC3\xB7 this " + headline;
  };
  table.legend = {
      "speedup: " + over("point 1") + ".",
      "efficiency: the speedup over the same settings on 1 core \xC3\xB7 cores.",
      "parallel: threads on a core (average, max); concurrent: threads alive (average).",
      "GIL wait: share of the threads' lifetime spent waiting for a GIL.",
      "core use: busy core time \xC3\xB7 (cores \xC3\x97 makespan).",
  };
  if (show_vs_1_core)
    table.legend.insert(table.legend.begin() + 1,
                        "vs 1 core: " + over("the same settings on 1 core") + ".");
  std::vector<std::string> defined;
  for (const MetricSpec& metric : c.metrics) defined.push_back(metric_legend(metric));
  table.legend.insert(table.legend.begin(), defined.begin(), defined.end());
  return table;
}

}  // namespace gilsim

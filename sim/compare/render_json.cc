#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "compare/render.h"
#include "compare/summary.h"

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

// Six decimals are plenty for a ratio and keep the text stable.
Json rounded(const std::optional<double>& value) {
  if (!value) return nullptr;
  return std::round(*value * 1e6) / 1e6;
}

// One line; invalid UTF-8 in user text is replaced rather than aborting.
std::string compact(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json row_json(const Comparison& c, const ComparisonRow& row) {
  const Grid& grid = c.grid;
  const Measurement& m = row.measured;
  Json j;
  j["point"] = row.point + 1;
  Json settings = Json::object();
  std::vector<std::size_t> choice = grid.variant_choice(row.at.variant);
  for (std::size_t i = 0; i < choice.size(); ++i) settings[grid.sweeps[i].name] = grid.sweeps[i].values[choice[i]];
  j["set"] = std::move(settings);
  j["gil"] = gil_setting_name(grid.gil[row.at.gil]);
  j["cores"] = m.cores;
  j["makespan_ns"] = m.makespan;
  j["speedup"] = rounded(row.speedup);
  j["speedup_vs_1_core"] = rounded(row.speedup_vs_1_core);
  j["efficiency"] = rounded(row.efficiency);
  j["parallelism_avg"] = rounded(m.parallelism_average);
  j["parallelism_max"] = m.parallelism_max;
  j["concurrency_avg"] = rounded(m.concurrency_average);
  j["gil_wait_share"] = rounded(row.gil_wait_share);
  j["core_utilisation"] = rounded(row.core_utilisation);
  j["thread_time_ns"] = m.thread_time;
  j["gil_wait_ns"] = m.gil_wait;
  j["core_busy_ns"] = m.core_busy;
  j["outcome"] = outcome_name(m);
  if (!c.metrics.empty()) {
    Json metrics = Json::object();
    for (std::size_t k = 0; k < c.metrics.size(); ++k) {
      std::optional<double> value = k < m.metrics.size() ? m.metrics[k] : std::nullopt;
      if (value && c.metrics[k].is_time())
        metrics[c.metrics[k].name()] = std::llround(*value);
      else
        metrics[c.metrics[k].name()] = rounded(value);
    }
    j["metrics"] = std::move(metrics);
  }
  if (m.deadlock) j["deadlock"] = *m.deadlock;
  if (m.program_error) j["program_error"] = *m.program_error;
  return j;
}

}  // namespace

void write_comparison_json(std::ostream& out, const Comparison& c) {
  const Grid& grid = c.grid;
  Json sweeps = Json::array();
  for (const SweepAxis& axis : grid.sweeps) sweeps.push_back(Json{{"path", axis.name}, {"values", axis.values}});
  Json gil = Json::array();
  for (GilSetting setting : grid.gil) gil.push_back(gil_setting_name(setting));
  Json shape;
  shape["set"] = std::move(sweeps);
  shape["gil"] = std::move(gil);
  shape["cores"] = grid.cores;
  shape["points"] = grid.point_count();
  shape["order"] = "the first --set varies slowest, then later --sets, then gil; cores vary fastest";

  out << "{\n  \"scenario\": " << compact(c.scenario_name) << ",\n  \"file\": " << compact(c.file)
      << ",\n  \"grid\": " << compact(shape) << ",\n  \"shard\": "
      << (c.shard ? compact(Json{{"number", c.shard->number}, {"count", c.shard->count}}) : "null")
      << ",\n  \"simulations\": " << c.simulations;
  if (!c.metrics.empty()) {
    Json metrics = Json::array();
    for (const MetricSpec& metric : c.metrics)
      metrics.push_back(Json{{"name", metric.name()}, {"unit", metric.is_time() ? "ns" : metric.is_rate() ? "per_second" : "share"}});
    out << ",\n  \"metrics\": " << compact(metrics);
  }
  out << ",\n  \"rows\": [";
  for (std::size_t i = 0; i < c.rows.size(); ++i) out << (i ? ",\n    " : "\n    ") << compact(row_json(c, c.rows[i]));
  out << (c.rows.empty() ? "]" : "\n  ]");
  if (!c.shard) out << ",\n  \"summary\": " << compact(summarize(c));
  out << "\n}\n";
}

}  // namespace gilsim

#include <cmath>
#include <cstdio>
#include <ostream>

#include "compare/render.h"

namespace gilsim {

namespace {

// RFC 4180: a field with a comma, quote or line break goes in quotes, quotes doubled.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string ratio(const std::optional<double>& value) {
  if (!value) return "";
  char text[40];
  std::snprintf(text, sizeof text, "%.6f", *value);
  return text;
}

// Nanoseconds exactly, a share to 6 decimals; empty when absent.
std::string metric_field(const MetricSpec& metric, const std::optional<double>& value) {
  if (!value || !metric.is_time()) return ratio(value);
  return std::to_string(std::llround(*value));
}

}  // namespace

void write_comparison_csv(std::ostream& out, const Comparison& c, bool header) {
  const Grid& grid = c.grid;
  auto write_row = [&out](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << field(fields[i]);
    out << "\r\n";
  };
  if (header) {
    std::vector<std::string> names = {"point"};
    for (const SweepAxis& axis : grid.sweeps) names.push_back(axis.name);
    for (const char* name : {"gil", "cores", "makespan_ns", "speedup", "speedup_vs_1_core", "efficiency",
                             "parallelism_avg", "parallelism_max", "concurrency_avg", "gil_wait_share",
                             "core_utilisation", "thread_time_ns", "gil_wait_ns", "core_busy_ns", "outcome"})
      names.push_back(name);
    for (const MetricSpec& metric : c.metrics) names.push_back(metric.name());
    write_row(names);
  }
  for (const ComparisonRow& row : c.rows) {
    const Measurement& m = row.measured;
    std::vector<std::string> fields = {std::to_string(row.point + 1)};
    std::vector<std::size_t> choice = grid.variant_choice(row.at.variant);
    for (std::size_t i = 0; i < choice.size(); ++i) fields.push_back(grid.sweeps[i].values[choice[i]]);
    fields.push_back(gil_setting_name(grid.gil[row.at.gil]));
    fields.push_back(std::to_string(m.cores));
    fields.push_back(std::to_string(m.makespan));
    fields.push_back(ratio(row.speedup));
    fields.push_back(ratio(row.speedup_vs_1_core));
    fields.push_back(ratio(row.efficiency));
    fields.push_back(ratio(m.parallelism_average));
    fields.push_back(std::to_string(m.parallelism_max));
    fields.push_back(ratio(m.concurrency_average));
    fields.push_back(ratio(row.gil_wait_share));
    fields.push_back(ratio(row.core_utilisation));
    fields.push_back(std::to_string(m.thread_time));
    fields.push_back(std::to_string(m.gil_wait));
    fields.push_back(std::to_string(m.core_busy));
    fields.push_back(outcome_name(m));
    for (std::size_t k = 0; k < c.metrics.size(); ++k)
      fields.push_back(metric_field(c.metrics[k], k < m.metrics.size() ? m.metrics[k] : std::nullopt));
    write_row(fields);
  }
}

}  // namespace gilsim

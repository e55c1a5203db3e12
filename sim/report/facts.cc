#include "report/facts.h"

#include <algorithm>

#include "report/numbers.h"

namespace gilsim {

namespace {

std::string level(const LevelSummary& summary, const char* what) {
  return "average " + fixed2(summary.average) + ", max " + std::to_string(summary.max) + " (" + what + ")";
}

std::string share(Time part, double whole, const CoreFactStyle& style) {
  const auto p = static_cast<double>(part);
  return style.scale_first ? percent_of(p, whole) : percent(p / whole, 1);
}

// "overall 47.5%; core 0 95.0%, core 1 0.0%", or "-" for a run of no time.
std::string utilisation(const Roster& roster, const RunResult& result, const CoreFactStyle& style) {
  const std::size_t cores = roster.cores();
  if (result.makespan <= 0 || cores == 0) return "-";
  Time total = 0;
  for (Time b : result.core_busy) total += b;
  // cores x makespan can pass 2^63 ns; the percentage only needs a double.
  std::string text =
      "overall " + share(total, static_cast<double>(cores) * static_cast<double>(result.makespan), style);
  const std::size_t listed = std::min(cores, style.cores_listed);
  for (std::size_t c = 0; c < listed; ++c) {
    Time busy = c < result.core_busy.size() ? result.core_busy[c] : 0;
    text += (c == 0 ? "; core " : ", core ") + std::to_string(c) + " " +
            share(busy, static_cast<double>(result.makespan), style);
  }
  if (cores > listed) text += ", " + std::to_string(cores - listed) + " more cores";
  return text;
}

// "1.200 ms switching threads; core 0 600.000 us, core 1 600.000 us", or empty.
std::string overhead(const RunResult& result, const CoreFactStyle& style) {
  Time total = 0;
  for (Time o : result.core_overhead) total += o;
  if (total <= 0) return "";
  std::string text = format_time_fixed(total) + " switching threads";
  const std::size_t cores = result.core_overhead.size();
  const std::size_t listed = std::min(cores, style.cores_listed);
  for (std::size_t c = 0; c < listed; ++c)
    text += (c == 0 ? "; core " : ", core ") + std::to_string(c) + " " + format_time_fixed(result.core_overhead[c]);
  if (style.overhead_counts_rest && cores > listed) text += ", " + std::to_string(cores - listed) + " more cores";
  return text;
}

}  // namespace

std::vector<std::string> description_lines(const Scenario& scenario) {
  const std::string& text = scenario.description;
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<Fact> setting_facts(const Roster& roster, const RunResult& result, TimeStyle style) {
  const Scenario& sc = roster.scenario();
  return {{"Cores", std::to_string(roster.cores()), {}},
          {"Scheduler", describe_scheduler(sc, style), {}},
          {"GIL", describe_gil(sc.gil, style), {}},
          {"Costs", describe_costs(sc, style), {}},
          {"Makespan", format_time_fixed(result.makespan), result.makespan}};
}

std::vector<Fact> run_facts(const Roster& roster, const RunResult& result, const CoreFactStyle& style) {
  std::vector<Fact> facts = {{"Parallelism", level(result.parallelism, "threads on a core"), {}},
                             {"Concurrency", level(result.concurrency, "threads alive"), {}},
                             {"Utilisation", utilisation(roster, result, style), {}}};
  std::string switching = overhead(result, style);
  if (!switching.empty()) facts.push_back({"Overhead", std::move(switching), {}});
  return facts;
}

}  // namespace gilsim

#include "explore/render.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

namespace gilsim {

namespace {

using Json = nlohmann::ordered_json;

std::string share(std::uint64_t part, std::uint64_t whole) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return text;
}

std::string hex(std::uint64_t value) {
  char text[20];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  if (text.size() >= width) return text;
  std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

// Where `order` departs from the most common one, in words.
std::string departs(const Exploration& e, const PrintOrder& order) {
  const PrintOrder& first = e.orders.front();
  std::size_t at = departure(order, first);
  if (at < order.lines.size() && at < first.lines.size())
    return "line " + std::to_string(at + 1) + ": " + order.lines[at] + " (#1: " + first.lines[at] + ")";
  if (at < order.lines.size()) return "line " + std::to_string(at + 1) + ": " + order.lines[at] + " (#1 ends)";
  if (at < first.lines.size())
    return (at == 0 ? std::string("prints no line") : "ends after line " + std::to_string(at)) +
           " (#1 goes on: " + first.lines[at] + ")";
  return "after line " + std::to_string(at) + " (the lines kept to compare)";
}

const SeedRun* first_with(const Exploration& e, RunEnd end) {
  for (const SeedRun& run : e.runs)
    if (run.end == end) return &run;
  return nullptr;
}

}  // namespace

void write_exploration_text(std::ostream& out, const Exploration& e, const ExploreView& view) {
  out << "Exploring " << view.scenario << ": seeds " << e.first_seed << " to " << e.first_seed + e.seeds - 1
      << ", each wake-up up to " << format_duration(e.wake_jitter) << " late, each GIL wake-up up to "
      << format_duration(e.gil_jitter) << "\n\n";
  std::vector<EndCount> ends = count_ends(e);
  out << "outcome        runs   share  first seed\n";
  for (int i = 0; i < kRunEnds; ++i) {
    if (ends[i].runs == 0) continue;
    out << pad(run_end_name(static_cast<RunEnd>(i)), 13, false) << pad(std::to_string(ends[i].runs), 6, true)
        << pad(share(ends[i].runs, e.seeds), 8, true) << pad(std::to_string(ends[i].first_seed), 12, true) << "\n";
  }
  for (RunEnd end : {RunEnd::deadlock, RunEnd::program_error, RunEnd::stopped}) {
    const SeedRun* run = first_with(e, end);
    if (run == nullptr) continue;
    out << "\n" << (end == RunEnd::stopped ? std::string("stopped by a limit") : run->problem) << "\n";
    out << "  replay: " << view.replay << " --seed " << run->seed << "\n";
  }
  MakespanSpread spread = makespan_spread(e);
  if (spread.runs > 0)
    out << "\nmakespan of the " << spread.runs << " completed " << (spread.runs == 1 ? "run" : "runs") << ": min "
        << format_time_fixed(spread.min) << ", p50 " << format_time_fixed(spread.p50) << ", p95 "
        << format_time_fixed(spread.p95) << ", max " << format_time_fixed(spread.max) << "\n";
  if (e.orders.empty()) return;
  const PrintOrder& first = e.orders.front();
  if (e.orders.size() == 1 && first.lines.empty()) {
    out << "\nno line printed\n";
    return;
  }
  out << "\n" << e.orders.size() << (e.orders.size() == 1 ? " order" : " orders") << " of printed lines\n";
  out << "   #   runs   share  first seed  where it departs from #1\n";
  for (std::size_t i = 0; i < e.orders.size(); ++i) {
    const PrintOrder& order = e.orders[i];
    out << pad(std::to_string(i + 1), 4, true) << pad(std::to_string(order.runs), 7, true)
        << pad(share(order.runs, e.seeds), 8, true) << pad(std::to_string(order.first_seed), 12, true) << "  "
        << (i == 0 ? std::to_string(first.lines.size()) + (first.lines.size() == 1 ? " line" : " lines")
                   : departs(e, order))
        << "\n";
  }
  if (first.lines.empty()) return;
  out << "\n#1 (replay: " << view.replay << " --seed " << first.first_seed << "):\n";
  for (std::size_t i = 0; i < first.lines.size() && i < view.shown_lines; ++i)
    out << pad(std::to_string(i + 1), 5, true) << "  " << first.lines[i] << "\n";
  if (first.lines.size() > view.shown_lines)
    out << "  ... " << first.lines.size() - view.shown_lines << " more (--format json has them all)\n";
}

void write_exploration_json(std::ostream& out, const Exploration& e, const ExploreView& view) {
  Json j;
  j["scenario"] = view.scenario;
  j["seeds"] = {{"first", e.first_seed}, {"count", e.seeds}};
  j["jitter_ns"] = {{"wake", e.wake_jitter}, {"gil", e.gil_jitter}};
  std::vector<EndCount> ends = count_ends(e);
  Json outcomes = Json::object();
  for (int i = 0; i < kRunEnds; ++i) {
    Json entry = {{"runs", ends[i].runs}, {"first_seed", nullptr}, {"message", nullptr}, {"replay", nullptr}};
    if (ends[i].runs > 0) {
      entry["first_seed"] = ends[i].first_seed;
      const SeedRun* run = first_with(e, static_cast<RunEnd>(i));
      if (!run->problem.empty()) entry["message"] = run->problem;
      entry["replay"] = view.replay + " --seed " + std::to_string(run->seed);
    }
    outcomes[run_end_name(static_cast<RunEnd>(i))] = entry;
  }
  j["outcomes"] = outcomes;
  MakespanSpread spread = makespan_spread(e);
  j["makespan_ns"] = spread.runs == 0 ? Json(nullptr)
                                      : Json{{"runs", spread.runs}, {"min", spread.min}, {"p50", spread.p50},
                                             {"p95", spread.p95}, {"max", spread.max}};
  Json orders = Json::array();
  for (const PrintOrder& order : e.orders)
    orders.push_back({{"order", hex(order.hash)},
                      {"runs", order.runs},
                      {"first_seed", order.first_seed},
                      {"departs_at_line", e.orders.front().hash == order.hash
                                              ? Json(nullptr)
                                              : Json(departure(order, e.orders.front()) + 1)},
                      {"lines", order.lines}});
  j["print_orders"] = orders;
  Json runs = Json::array();
  for (const SeedRun& run : e.runs)
    runs.push_back({{"seed", run.seed},
                    {"outcome", run_end_name(run.end)},
                    {"makespan_ns", run.makespan},
                    {"lines", run.lines},
                    {"order", hex(run.order)}});
  j["runs"] = runs;
  out << j.dump(2) << "\n";
}

void write_exploration_csv(std::ostream& out, const Exploration& e, bool header) {
  if (header) out << "seed,outcome,makespan_ns,lines,order\n";
  for (const SeedRun& run : e.runs)
    out << run.seed << "," << run_end_name(run.end) << "," << run.makespan << "," << run.lines << ","
        << hex(run.order) << "\n";
}

}  // namespace gilsim

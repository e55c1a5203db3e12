#include "report/text_report.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "model/cpu_scheduler.h"
#include "report/numbers.h"
#include "report/reading.h"
#include "report/settings_text.h"
#include "report/tables.h"
#include "report/text_format.h"
#include "report/text_table.h"
#include "report/text_timeline.h"

namespace gilsim {

namespace {

constexpr std::size_t kMinWidth = 40;
constexpr std::size_t kMaxTableRows = 50;
constexpr std::size_t kKeyWidth = 12;       // "Scheduler   " in the header

void write_summary(std::ostream& out, const Roster& roster, const RunResult& result, std::size_t width,
                   const Unit& unit) {
  for (const Table& table : summary_tables(roster, result, kMaxTableRows)) write_text_table(out, table, unit, width);

  const std::size_t cores = roster.cores();
  const std::size_t key_width = 13;
  write_keyed(out, "Parallelism",
              "average " + fixed2(result.parallelism.average) + ", max " + std::to_string(result.parallelism.max) +
                  " (threads on a core)",
              key_width, width);
  write_keyed(out, "Concurrency",
              "average " + fixed2(result.concurrency.average) + ", max " + std::to_string(result.concurrency.max) +
                  " (threads alive)",
              key_width, width);
  std::string busy;
  if (result.makespan > 0 && cores > 0) {
    Time total = 0;
    for (Time b : result.core_busy) total += b;
    busy = "overall " +
           percent(static_cast<double>(total) / (static_cast<double>(cores) * static_cast<double>(result.makespan)), 1);
    std::size_t shown_cores = std::min(cores, kLanesPerKind);
    for (std::size_t c = 0; c < shown_cores; ++c) {
      Time b = c < result.core_busy.size() ? result.core_busy[c] : 0;
      busy += (c == 0 ? "; core " : ", core ") + std::to_string(c) + " " +
              percent(static_cast<double>(b) / static_cast<double>(result.makespan), 1);
    }
    if (cores > shown_cores) busy += ", " + std::to_string(cores - shown_cores) + " more cores";
  } else {
    busy = "-";
  }
  write_keyed(out, "Utilisation", busy, key_width, width);
  Time overhead = 0;
  for (Time o : result.core_overhead) overhead += o;
  if (overhead > 0) {
    std::string text = format_time_fixed(overhead) + " switching threads";
    std::size_t shown_cores = std::min<std::size_t>(result.core_overhead.size(), kLanesPerKind);
    for (std::size_t c = 0; c < shown_cores; ++c)
      text += (c == 0 ? "; core " : ", core ") + std::to_string(c) + " " + format_time_fixed(result.core_overhead[c]);
    if (result.core_overhead.size() > shown_cores)
      text += ", " + std::to_string(result.core_overhead.size() - shown_cores) + " more cores";
    write_keyed(out, "Overhead", text, key_width, width);
  }

  std::string reading = plain_reading(result, roster.cores());
  if (!reading.empty()) {
    out << '\n';
    write_keyed(out, "", reading, 0, width);
  }
}

}  // namespace

TimelineOptions text_timeline_options(int width) {
  TimelineOptions options;
  const auto columns = static_cast<std::size_t>(std::clamp(width, static_cast<int>(kMinWidth), 4096));
  while (options.buckets < 8 * columns) options.buckets *= 2;
  return options;
}

void write_text_report(std::ostream& out, const Roster& roster, const RunResult& result, int width) {
  write_text_report(out, roster, result, Timeline::from_result(roster, result), width);
}

void write_text_report(std::ostream& out, const Roster& roster, const RunResult& result, const Timeline& timeline,
                       int requested_width) {
  const std::size_t width = std::max(kMinWidth, static_cast<std::size_t>(std::max(requested_width, 0)));
  const Scenario& sc = roster.scenario();
  const Unit unit = unit_for(result.makespan);

  write_keyed(out, "Scenario", ascii_clean(sc.name), kKeyWidth, width);
  std::size_t start = 0;
  while (start < sc.description.size()) {
    std::size_t end = sc.description.find('\n', start);
    if (end == std::string::npos) end = sc.description.size();
    write_keyed(out, "", ascii_clean(std::string_view(sc.description).substr(start, end - start)), kKeyWidth, width);
    start = end + 1;
  }
  write_keyed(out, "Cores", std::to_string(roster.cores()), kKeyWidth, width);
  write_keyed(out, "Scheduler",
              describe_scheduler(sc, TimeStyle::fixed),
              kKeyWidth, width);
  write_keyed(out, "GIL", describe_gil(sc.gil, TimeStyle::fixed), kKeyWidth, width);
  write_keyed(out, "Makespan", format_time_fixed(result.makespan), kKeyWidth, width);
  if (result.deadlock.empty() && result.program_errors.empty()) write_keyed(out, "Outcome", "completed", kKeyWidth, width);
  for (const Deadlock& e : result.program_errors)  // the messages have the time
    write_keyed(out, "Outcome", "PROGRAM ERROR: " + ascii_clean(e.message), kKeyWidth, width);
  if (!result.deadlock.empty())
    write_keyed(out, "Outcome", "DEADLOCK: " + ascii_clean(result.deadlock.front().message), kKeyWidth, width);
  out << '\n';

  if (result.output.empty()) {
    out << "Output: none\n\n";
  } else {
    out << "Output\n";
    std::size_t time_width = format_in(result.makespan, unit, unit.decimals).size() + 1 + std::string(unit.name).size();
    std::size_t name_width = 0;
    for (const OutputLine& line : result.output) name_width = std::max(name_width, roster.full_name(line.thread).size());
    name_width = std::min(name_width, width / 4);
    std::size_t indent = time_width + 2 + name_width + 2;
    for (const OutputLine& line : result.output) {
      std::string time = format_in(line.time, unit, unit.decimals) + " " + unit.name;
      std::string prefix = pad(time, time_width, Align::right) + "  " +
                           pad(fit(ascii_clean(roster.full_name(line.thread)), name_width), name_width, Align::left) + "  ";
      write_keyed(out, prefix, ascii_clean(line.text), indent, width);
    }
    out << '\n';
  }

  if (result.makespan <= 0) {
    out << "Timeline: nothing to draw, the makespan is 0.\n\n";
  } else {
    write_text_timeline(out, roster, result, timeline, width, unit);
    out << '\n';
  }

  write_summary(out, roster, result, width, unit);
}

}  // namespace gilsim

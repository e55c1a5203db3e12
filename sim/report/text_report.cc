#include "report/text_report.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "report/facts.h"
#include "report/numbers.h"
#include "report/outcome_text.h"
#include "report/reading.h"
#include "report/tables.h"
#include "report/text_format.h"
#include "report/text_table.h"
#include "report/text_timeline.h"

namespace gilsim {

namespace {

constexpr std::size_t kMinWidth = 40;
constexpr std::size_t kMaxTableRows = 50;
constexpr std::size_t kKeyWidth = 12;       // "Scheduler   " in the header
constexpr std::size_t kFactKeyWidth = 13;   // "Utilisation  " under the tables
// Cores are named one by one as far as the timeline draws them.
constexpr CoreFactStyle kCoreFacts{.cores_listed = kLanesPerKind, .scale_first = false, .overhead_counts_rest = true};

// The program's output: time, thread and text, the text wrapped beside them.
void write_output(std::ostream& out, const Roster& roster, const RunResult& result, std::size_t width,
                  const Unit& unit) {
  if (result.output.empty()) {
    out << "Output: none\n\n";
    return;
  }
  out << "Output\n";
  std::size_t time_width = format_in(result.makespan, unit, unit.decimals).size() + 1 + std::string(unit.name).size();
  std::size_t name_width = 0;
  for (const OutputLine& line : result.output)
    name_width = std::max(name_width, text_columns(terminal_text(roster.full_name(line.thread))));
  name_width = std::min(name_width, width / 4);
  std::size_t indent = time_width + 2 + name_width + 2;
  for (const OutputLine& line : result.output) {
    std::string time = format_in(line.time, unit, unit.decimals) + " " + unit.name;
    std::string prefix = pad(time, time_width, Align::right) + "  " +
                         pad(abbreviate(terminal_text(roster.full_name(line.thread)), name_width), name_width, Align::left) +
                         "  ";
    write_keyed(out, prefix, terminal_text(line.text), indent, width);
  }
  out << '\n';
}

void write_summary(std::ostream& out, const Roster& roster, const RunResult& result, std::size_t width,
                   const Unit& unit) {
  for (const Table& table : summary_tables(roster, result, kMaxTableRows)) write_text_table(out, table, unit, width);
  for (const Fact& fact : run_facts(roster, result, kCoreFacts))
    write_keyed(out, fact.key, fact.text, kFactKeyWidth, width);
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

  write_keyed(out, "Scenario", terminal_text(sc.name), kKeyWidth, width);
  for (const std::string& line : description_lines(sc)) write_keyed(out, "", terminal_text(line), kKeyWidth, width);
  for (const Fact& fact : setting_facts(roster, result, TimeStyle::fixed))
    write_keyed(out, fact.key, fact.text, kKeyWidth, width);
  if (result.deadlock.empty() && result.program_errors.empty()) write_keyed(out, "Outcome", "completed", kKeyWidth, width);
  for (const ProgramError& e : result.program_errors)  // the messages have the time
    write_keyed(out, "Outcome", "PROGRAM ERROR: " + terminal_text(program_error_text(roster, e)), kKeyWidth, width);
  if (!result.deadlock.empty())
    write_keyed(out, "Outcome", "DEADLOCK: " + terminal_text(deadlock_text(roster, result.deadlock.front())), kKeyWidth,
                width);
  out << '\n';

  write_output(out, roster, result, width, unit);
  if (result.makespan <= 0) {
    out << "Timeline: nothing to draw, the makespan is 0.\n\n";
  } else {
    write_text_timeline(out, roster, result, timeline, width, unit);
    out << '\n';
  }

  write_summary(out, roster, result, width, unit);
}

}  // namespace gilsim

#include "report/html_report.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "report/deadlock_view.h"
#include "report/facts.h"
#include "report/html_assets.h"
#include "report/html_chart.h"
#include "report/numbers.h"
#include "report/outcome_text.h"
#include "report/reading.h"
#include "report/html_text.h"
#include "report/tables.h"

namespace gilsim {

namespace {

constexpr std::size_t kMaxTableRows = kMaxThreadLanes;
constexpr std::size_t kMaxOutputLines = 5000;
// Cores named one by one: 64. The page's percentages scale first, and its
// Overhead line does not count the cores it leaves out.
constexpr CoreFactStyle kCoreFacts{.cores_listed = 64, .scale_first = true, .overhead_counts_rest = false};

std::string html(std::string_view s) { return html_text(s); }

// The unit's name in markup: "&micro;s" for "us".
std::string unit_markup(const Unit& unit) { return unit.scale == kMicrosecond ? "&micro;s" : unit.name; }

// A table cell with a time: rounded in the unit, exact nanoseconds on hover.
std::string time_cell(Time t, const Unit& unit) {
  if (t < 0) return "<td>-</td>";
  return "<td title=\"" + std::to_string(t) + " ns\">" + format_in(t, unit, unit.decimals) + "</td>";
}

// "<dt>Makespan</dt><dd title="12000000 ns">12.000 ms</dd>": exact times on hover.
void write_fact(std::ostream& out, const Fact& fact) {
  out << "<dt>" << html(fact.key) << "</dt><dd";
  if (fact.exact) out << " title=\"" << *fact.exact << " ns\"";
  out << '>' << html(fact.text) << "</dd>\n";
}

// A description in markup whose words with a '-' or '/' never break inside:
// a browser may break after a hyphen, which splits "--gil" from its dashes
// (and a command becomes two that do not work).
std::string unbroken_words(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t end = std::min(line.find(' ', i), line.size());
    const std::string_view word = line.substr(i, end - i);
    if (word.find_first_of("-/") != std::string_view::npos)
      out += "<span class=\"nowrap\">" + html(word) + "</span>";
    else
      out += html(word);
    if (end < line.size()) out += ' ';
    i = end + 1;
  }
  return out;
}

void write_header(std::ostream& out, const Roster& roster, const RunResult& result) {
  const Scenario& sc = roster.scenario();
  out << "<header>\n<h1>" << html(sc.name) << "</h1>\n";
  for (const std::string& line : description_lines(sc))
    out << "<p class=\"description\">" << unbroken_words(line) << "</p>\n";
  out << "<dl class=\"facts\">\n";
  for (const Fact& fact : setting_facts(roster, result, TimeStyle::duration)) write_fact(out, fact);
  out << "<dt>Outcome</dt>";
  if (result.deadlock.empty() && result.program_errors.empty()) out << "<dd>completed</dd>\n";
  for (const ProgramError& e : result.program_errors)
    out << "<dd class=\"deadlock\">PROGRAM ERROR: " << html(program_error_text(roster, e)) << "</dd>\n";
  if (!result.deadlock.empty())
    out << "<dd class=\"deadlock\">DEADLOCK: " << html(deadlock_text(roster, result.deadlock.front())) << "</dd>\n";
  out << "</dl>\n</header>\n";
}

// After a deadlock, each wait-for cycle written out as the path it closes;
// the chart marks the lanes of its threads and locks.
void write_cycles(std::ostream& out, const Roster& roster, const Deadlock& deadlock) {
  out << "<div class=\"cycle\" role=\"note\"><b>Deadlock at " << html(format_time_fixed(deadlock.at)) << ".</b> ";
  const auto paths = cycle_paths(roster, deadlock);
  for (const std::vector<std::string>& path : paths) {
    out << "Wait-for cycle: ";
    for (std::size_t i = 0; i < path.size(); ++i)
      out << (i ? " &rarr; " : "") << "<span class=\"step\">" << html(path[i]) << "</span>";
    out << ". ";
  }
  out << (paths.empty() ? "No cycle: the threads below are stuck behind a wait nobody can end. "
                        : "Its lanes are marked in red. ")
      << "From then on the chart shows every lane as it was, for ever (hatched).</div>\n";
}

void write_timeline(std::ostream& out, const Roster& roster, const RunResult& result) {
  const ChartLanes lanes = chart_lanes(roster);
  out << "<section id=\"timeline\">\n<h2>Timeline</h2>\n"
         "<div class=\"toolbar\" role=\"toolbar\" aria-label=\"Time axis\">"
         "<button type=\"button\" id=\"zoom-in\" title=\"Zoom in\">+</button>"
         "<button type=\"button\" id=\"zoom-out\" title=\"Zoom out\">&minus;</button>"
         "<button type=\"button\" id=\"pan-left\" title=\"Earlier\">&#9664;</button>"
         "<button type=\"button\" id=\"pan-right\" title=\"Later\">&#9654;</button>"
         "<button type=\"button\" id=\"zoom-reset\" title=\"Show the whole run\">Whole run</button>"
         "<span id=\"view-range\"></span>"
         "<span class=\"hint\">Wheel over the chart: zoom. Drag or Shift+wheel: pan. Hover a bar for details.</span>"
         "</div>\n";
  if (!result.deadlock.empty()) write_cycles(out, roster, result.deadlock.front());
  out << "<div id=\"legend\"></div>\n"
         "<noscript><p>The chart needs JavaScript; the tables below do not.</p></noscript>\n"
      << "<div id=\"chart\" data-lanes=\"" << lanes.total() << "\"></div>\n";
  std::vector<std::string> hidden;
  if (lanes.hidden_cores > 0) hidden.push_back(std::to_string(lanes.hidden_cores) + " more cores");
  if (lanes.hidden_threads > 0) hidden.push_back(std::to_string(lanes.hidden_threads) + " more threads (and their GILs)");
  if (lanes.hidden_syncs > 0) hidden.push_back(std::to_string(lanes.hidden_syncs) + " more primitives and devices");
  if (!hidden.empty()) {
    out << "<p class=\"note\">Not drawn:";
    for (std::size_t i = 0; i < hidden.size(); ++i) out << (i ? ", " : " ") << hidden[i];
    out << ". The JSON report (--format json) has them all.</p>\n";
  }
  std::string text = plain_reading(result, roster.cores());
  if (!text.empty()) out << "<p class=\"reading\">" << html(text) << "</p>\n";
  out << "<div id=\"tooltip\" role=\"tooltip\" hidden></div>\n</section>\n";
}

void write_output(std::ostream& out, const Roster& roster, const RunResult& result, const Unit& unit) {
  out << "<section id=\"output\">\n<h2>Output</h2>\n";
  if (result.output.empty()) {
    out << "<p>The program printed nothing.</p>\n</section>\n";
    return;
  }
  out << "<table class=\"output\">\n<thead><tr><th>time (" << unit_markup(unit)
      << ")</th><th>thread</th><th class=\"text\">printed</th></tr></thead>\n<tbody>\n";
  const std::size_t shown = std::min(result.output.size(), kMaxOutputLines);
  for (std::size_t i = 0; i < shown; ++i) {
    const OutputLine& line = result.output[i];
    out << "<tr>" << time_cell(line.time, unit) << "<td class=\"name\">" << html(roster.full_name(line.thread))
        << "</td><td class=\"text\">" << html(line.text) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (result.output.size() > shown)
    out << "<p class=\"note\">" << result.output.size() - shown
        << " more lines not shown; --format text or json has them all.</p>\n";
  out << "</section>\n";
}

// A cell of a summary table: names left-aligned (class "name"), the rest
// right-aligned; times rounded in the unit with the exact nanoseconds on hover.
std::string table_cell(const Cell& cell, const Column& column, const Unit& unit) {
  const char* open = column.kind == ColumnKind::name ? "<td class=\"name\">" : "<td>";
  switch (cell.kind) {
    case Cell::Kind::text: return open + html(cell.text) + "</td>";
    case Cell::Kind::time: return time_cell(cell.time, unit);
    case Cell::Kind::none: break;
  }
  return std::string(open) + "-</td>";
}

// The heading, the table, its notes (the page's own, then the legend with a
// full stop) and how many rows were not listed. The first table of the page
// also says the unit of every time in the tables.
void write_table(std::ostream& out, const Table& table, const Unit& unit, bool first) {
  out << "<h2>" << html(table.title) << "</h2>\n<table class=\"numbers\">\n<thead><tr>";
  for (const Column& column : table.columns) out << "<th>" << html(column.header) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out << "<tr>";
    for (std::size_t k = 0; k < row.size(); ++k) out << table_cell(row[k], table.columns[k], unit);
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (first)
    out << "<p class=\"unit\">Times in " << unit_markup(unit) << "; hover a number for exact nanoseconds.</p>\n";
  if (!table.page_note.empty()) out << "<p class=\"unit\">" << html(table.page_note) << "</p>\n";
  if (!table.legend.empty()) out << "<p class=\"unit\">" << html(table.legend) << ".</p>\n";
  if (table.unlisted > 0)
    out << "<p class=\"note\">" << table.unlisted << " more "
        << (table.unlisted_noun.empty() ? "" : html(table.unlisted_noun) + " ")
        << "not listed; the JSON report has them all.</p>\n";
}

void write_tables(std::ostream& out, const Roster& roster, const RunResult& result, const Unit& unit) {
  out << "<section id=\"summary\">\n";
  const std::vector<Table> tables = summary_tables(roster, result, kMaxTableRows);
  for (const Table& table : tables) write_table(out, table, unit, &table == &tables.front());
  out << "<dl class=\"facts\">\n";
  for (const Fact& fact : run_facts(roster, result, kCoreFacts)) write_fact(out, fact);
  out << "</dl>\n</section>\n";
}

}  // namespace

void write_html_report(std::ostream& out, const Roster& roster, const RunResult& result, const HtmlTimeline& timeline) {
  const Unit unit = unit_for(result.makespan);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"gilsim\">\n<title>gilsim: "
      << html(roster.scenario().name) << "</title>\n<script>" << kHtmlErrorTrap << "</script>\n<style>" << kHtmlStyle
      << "</style>\n</head>\n<body>\n";
  write_header(out, roster, result);
  write_timeline(out, roster, result);
  write_output(out, roster, result, unit);
  write_tables(out, roster, result, unit);
  out << "<footer>Made by gilsim, a simulator: every time above is simulated, not measured.</footer>\n"
         "<script type=\"application/json\" id=\"gilsim-data\">";
  write_chart_data(out, roster, result, timeline);
  out << "</script>\n<script>" << kHtmlScriptSetup << kHtmlScriptDraw << kHtmlScriptView
      << "</script>\n</body>\n</html>\n";
}

}  // namespace gilsim

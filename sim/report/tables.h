#pragma once
// The summary tables of a run, built once from the RunResult and the Roster
// and drawn by the text report (text_table.cc: padded columns, names
// shortened and decimals dropped until a table fits the width) and by the
// HTML page (html_report.cc: markup, exact nanoseconds on hover). What a
// table shows is defined here once; what the two views do differently is a
// property of their renderer, or of a column or table where it says so.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

// What a column holds, which says how a view shows it.
enum class ColumnKind : std::uint8_t {
  name,   // a thread, process or primitive as the roster names it (the page left-aligns these)
  label,  // a word the report chooses: "lock", "on"
  count,  // an integer, or two ("3/2": a queue's gets and puts)
  time,   // a time, shown in the unit of the run
};

struct Column {
  std::string header;        // "response avg"
  ColumnKind kind = ColumnKind::count;
  std::string short_header;  // the terminal's, where it is narrower ("resp avg"); empty: the header
};

// Words or digits, shown as they are; a time, which the view rounds in the
// run's unit; or nothing to show ("-").
struct Cell {
  enum class Kind : std::uint8_t { text, time, none };
  Kind kind = Kind::none;
  std::string text;
  Time time = 0;

  static Cell text_of(std::string text) { return {Kind::text, std::move(text), 0}; }
  static Cell count_of(std::uint64_t n) { return text_of(std::to_string(n)); }
  static Cell time_of(Time t) { return {Kind::time, {}, t}; }
  static Cell none() { return {}; }
};

struct Table {
  std::string title;  // "Threads"
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // the listed ones: at most the view's limit
  std::size_t unlisted = 0;             // rows past the limit
  std::string unlisted_noun;            // "threads": "3 more threads not listed"; empty: "3 more not listed"
  // Words around the table, each with the view that shows it:
  std::string legend;     // both: the terminal wraps it under the table, the page ends it with a full stop
  std::string aside;      // the terminal's, in the title: "Scheduling (response = ready until running; times in ms)"
  std::string page_note;  // the page's, under the table
};

// Threads, Scheduling, Processes and, when the run has primitives or devices,
// Synchronisation, each listing at most `max_rows` rows (the terminal lists
// 50, the page 2000).
std::vector<Table> summary_tables(const Roster& roster, const RunResult& result, std::size_t max_rows);

}  // namespace gilsim

// The summary's table model and the facts beside it (report/tables.h,
// report/facts.h), the helpers the terminal views share, and the differences
// between the text and HTML views that are kept on purpose.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "model/roster.h"
#include "report/facts.h"
#include "report/numbers.h"
#include "report/tables.h"
#include "report/text_format.h"
#include "report/text_table.h"

namespace gilsim {
namespace {

constexpr Time ms = kMillisecond;

// app (GIL): main, worker-1, worker-2, a lock and a bounded queue; batch (no
// GIL): one thread. Two cores.
Scenario tables_scenario() {
  Scenario sc;
  sc.name = "tables";
  sc.cores = 2;
  sc.processes = {
      {.name = "app",
       .threads = {{.name = "main"}, {.name = "worker", .count = 2}},
       .syncs = {{"L1", SyncKind::lock, 0, true}, {"jobs", SyncKind::queue, 2, true}}},
      {.name = "batch", .gil = false, .threads = {{.name = "solo"}}},
  };
  return sc;
}

// Totals only, as a report gets them with RecorderDetail::totals.
RunResult tables_result() {
  RunResult r;
  r.makespan = 80 * ms;
  r.threads.resize(4);
  for (ThreadResult& t : r.threads) {
    t.start = 0;
    t.finish = 80 * ms;
    t.time_in.add(ThreadState::running, 20 * ms);
    t.dispatches = 2;
    t.response_total = 3 * ms;
  }
  r.threads[3].start = -1;  // never started
  r.threads[3].finish = -1;
  r.processes.resize(2);
  r.processes[0].gil_handoffs = 7;
  r.processes[0].gil_wait = 5 * ms;
  r.core_busy = {23 * ms, 40 * ms};
  r.core_overhead = {1 * ms, 2 * ms};
  r.syncs.resize(2);
  r.syncs[0].uses = 4;
  r.syncs[0].held = 2 * ms;
  r.syncs[0].held_by = {{1, 2 * ms}};
  r.syncs[1].uses = 3;
  r.syncs[1].puts = 5;
  r.syncs[1].peak = 2;
  return r;
}

std::vector<std::string> headers(const Table& t) {
  std::vector<std::string> out;
  for (const Column& c : t.columns) out.push_back(c.header);
  return out;
}

}  // namespace

TEST_CASE("summary tables: the same tables, columns and cells for every view") {
  Scenario sc = tables_scenario();
  Roster roster(sc);
  RunResult result = tables_result();
  std::vector<Table> tables = summary_tables(roster, result, 50);
  REQUIRE(tables.size() == 4);
  CHECK(tables[0].title == "Threads");
  CHECK(tables[1].title == "Scheduling");
  CHECK(tables[2].title == "Processes");
  CHECK(tables[3].title == "Synchronisation");
  CHECK(headers(tables[1]) == std::vector<std::string>{"thread", "runs", "response avg", "response max", "preempted",
                                                       "voluntary", "migrations"});
  CHECK(tables[1].columns[2].short_header == "resp avg");  // the terminal's narrower spelling
  for (const Table& t : tables) {
    CHECK(t.columns[0].kind == ColumnKind::name);
    for (const auto& row : t.rows) CHECK(row.size() == t.columns.size());
  }

  // A thread that never started has no start: "-" in both views, not a time.
  CHECK(tables[0].rows[3][1].kind == Cell::Kind::none);
  CHECK(tables[0].rows[0][1].kind == Cell::Kind::time);
  CHECK(tables[1].rows[0][2].time == 3 * ms / 2);  // average response
  // A process without a GIL has nothing to count.
  CHECK(tables[2].rows[1][1].text == "off");
  CHECK(tables[2].rows[1][2].kind == Cell::Kind::none);
  // The lock is holdable and was most held by app/worker-1; the queue shows gets/puts and its longest.
  CHECK(tables[3].rows[0][6].time == 2 * ms);
  CHECK(tables[3].rows[0][8].text == "app/worker-1");
  CHECK(tables[3].rows[1][1].text == "queue(max 2)");
  CHECK(tables[3].rows[1][2].text == "3/5");
  CHECK(tables[3].rows[1][6].kind == Cell::Kind::none);
  CHECK(tables[3].rows[1][7].text == "2");
}

TEST_CASE("summary tables: a view's row limit, and what the tables say about the rest") {
  Scenario sc = tables_scenario();
  Roster roster(sc);
  RunResult result = tables_result();
  std::vector<Table> tables = summary_tables(roster, result, 1);
  CHECK(tables[0].rows.size() == 1);
  CHECK(tables[0].unlisted == 3);
  CHECK(tables[0].unlisted_noun == "threads");
  CHECK(tables[1].rows.size() == 1);
  CHECK(tables[1].unlisted == 0);  // the same threads: the Threads table says it
  CHECK(tables[2].unlisted == 1);
  CHECK(tables[3].unlisted == 1);
  CHECK(tables[3].unlisted_noun.empty());

  sc.processes[0].syncs.clear();
  Roster no_syncs(sc);
  result.syncs.clear();
  CHECK(summary_tables(no_syncs, result, 50).size() == 3);  // no Synchronisation table at all
}

TEST_CASE("text table: the unit in the title, and names cut short, then decimals dropped, to fit the width") {
  Scenario sc = tables_scenario();
  Roster roster(sc);
  RunResult result = tables_result();
  Table threads = summary_tables(roster, result, 50)[0];
  std::ostringstream wide, narrow;
  write_text_table(wide, threads, unit_for(result.makespan), 76);
  CHECK(wide.str().rfind("Threads (times in ms)\nthread        start  finish  running", 0) == 0);
  CHECK(wide.str().find("\napp/main      0.000  80.000   20.000") != std::string::npos);
  CHECK(wide.str().find("\nbatch/solo        -       -   20.000") != std::string::npos);
  // Fewer than 10 columns left for the names at any number of decimals: no
  // decimals, and each name whole on a line of its own above its numbers.
  write_text_table(narrow, threads, unit_for(result.makespan), 70);
  CHECK(narrow.str().find("\napp/worker-1\n            0      80       20") != std::string::npos);
  std::istringstream lines(narrow.str());
  for (std::string line; std::getline(lines, line);) CHECK(line.size() <= 70);
}

TEST_CASE("facts: worded once, with the two views' differences as parameters") {
  Scenario sc = tables_scenario();
  Roster roster(sc);
  RunResult result = tables_result();
  std::vector<Fact> settings = setting_facts(roster, result, TimeStyle::fixed);
  REQUIRE(settings.size() == 5);
  CHECK(settings[3].key == "Costs");
  CHECK(settings[3].text ==
        "Thread.start() 60.000 us (the first 160.000 us) + 20.000 us, Process.start() 800.000 us + 1.600 ms, print 0 "
        "ns (stdout line-buffered)");
  CHECK(settings[4].key == "Makespan");
  CHECK(settings[4].exact == 80 * ms);

  CoreFactStyle terminal{.cores_listed = 1, .scale_first = false, .overhead_counts_rest = true};
  CoreFactStyle page{.cores_listed = 1, .scale_first = true, .overhead_counts_rest = false};
  std::vector<Fact> text = run_facts(roster, result, terminal);
  std::vector<Fact> html = run_facts(roster, result, page);
  REQUIRE(text.size() == 4);
  CHECK(text[2].key == "Utilisation");
  // 23 ms of 80: the fraction first rounds down, scaling first rounds up.
  CHECK(text[2].text == "overall 39.4%; core 0 28.7%, 1 more cores");
  CHECK(html[2].text == "overall 39.4%; core 0 28.8%, 1 more cores");
  CHECK(text[3].text == "3.000 ms switching threads; core 0 1.000 ms, 1 more cores");
  CHECK(html[3].text == "3.000 ms switching threads; core 0 1.000 ms");

  result.core_overhead = {0, 0};
  CHECK(run_facts(roster, result, terminal).size() == 3);  // no Overhead line
  result.makespan = 0;
  CHECK(run_facts(roster, result, terminal)[2].text == "-");
}

TEST_CASE("text format: a shortened name stays recognisable") {
  CHECK(abbreviate("app/worker-17", 20) == "app/worker-17");
  CHECK(abbreviate("server/io_thread", 13) == "se~/io_thread");  // the thread's name whole
  CHECK(abbreviate("server/io_thread", 12) == "s~/io_thread");
  CHECK(abbreviate("server/io_thread", 11) == "serve~hread");  // too long for that: start and tail
  CHECK(abbreviate("app/worker-17", 10) == "app/~er-17");       // start and tail: copies differ at the end
  CHECK(abbreviate("a-very-long-process-name/t", 10) == "a-very-~/t");
  CHECK(text_columns(abbreviate("\xE5\x87\xA6\xE7\x90\x86\xE5\x87\xA6\xE7\x90\x86/x", 7)) <= 7);
  for (std::size_t w = 3; w < 14; ++w) CHECK(text_columns(abbreviate("process-name/thread-name-7", w)) <= w);
}

TEST_CASE("numbers: the run's unit, a time in it, percentages") {
  CHECK(std::string(unit_for(80 * ms).name) == "ms");
  CHECK(std::string(unit_for(999).name) == "ns");
  CHECK(format_in(1'234'500, unit_for(ms), 3) == "1.235");  // half up
  CHECK(format_in(1'234'500, unit_for(ms), 1) == "1.2");
  CHECK(format_in(-250'000, unit_for(ms), 3) == "-0.250");
  CHECK(format_in(7, unit_for(7), 3) == "7");
  CHECK(format_exact(2'500'000, unit_for(ms)) == "2.5");
  CHECK(percent(0.974, 0) == "97%");
  CHECK(percent(23.0 / 80.0, 1) == "28.7%");
  CHECK(percent_of(23, 80) == "28.8%");
  CHECK(percent_of(1, 0) == "0.0%");
}

TEST_CASE("text format: padding counts columns, rows drop trailing spaces, wrap cuts or keeps long words") {
  CHECK(pad("4.00\xC3\x97", 7, Align::right) == "  4.00\xC3\x97");
  CHECK(pad("ab", 4, Align::left) == "ab  ");
  CHECK(pad("abcdef", 4, Align::left) == "abcdef");
  CHECK(text_row({"a", "1", ""}, {3, 2, 4}, {Align::left, Align::right, Align::left}) == "a     1");
  // UTF-8 stays; controls, bidirectional overrides and bytes that are not UTF-8 are escaped.
  CHECK(terminal_text("caf\xC3\xA9\tok\n") == "caf\xC3\xA9\\tok\\n");
  CHECK(terminal_text("a\xE2\x80\xAE" "b\xFF") == "a\\xe2\\x80\\xae" "b\\xff");
  // One width model: wide characters take two columns, combining marks none.
  CHECK(text_columns("caf\xC3\xA9") == 4);
  CHECK(text_columns("cafe\xCC\x81") == 4);             // e + combining acute
  CHECK(text_columns("\xE5\x87\xA6\xE7\x90\x86") == 4);  // two CJK ideographs
  CHECK(text_columns("\xF0\x9F\x9A\x80") == 2);          // an emoji
  CHECK(pad("\xE5\x87\xA6", 4, Align::left) == "\xE5\x87\xA6  ");

  CHECK(wrap("aa bb cc", 5, LongWords::cut) == std::vector<std::string>{"aa bb", "cc"});
  CHECK(wrap("abcdefghij x", 4, LongWords::cut) == std::vector<std::string>{"abcd", "efgh", "ij x"});
  CHECK(wrap("abcdefghijk x", 4, LongWords::keep) == std::vector<std::string>{"abcdefghijk", "x"});
  CHECK(wrap("\xC3\x97\xC3\x97\xC3\x97", 2, LongWords::cut) == std::vector<std::string>{"\xC3\x97\xC3\x97", "\xC3\x97"});
  CHECK(wrap("   ", 4, LongWords::cut).empty());
  CHECK(wrap("\xE5\x87\xA6\xE7\x90\x86\xE5\x87\xA6", 4, LongWords::cut) ==
        std::vector<std::string>{"\xE5\x87\xA6\xE7\x90\x86", "\xE5\x87\xA6"});

  std::ostringstream keyed;
  write_keyed(keyed, "Key", "", 5, 40);
  write_keyed(keyed, "Long", "one two three", 5, 14);
  CHECK(keyed.str() == "Key\nLong one two\n     three\n");
}

}  // namespace gilsim

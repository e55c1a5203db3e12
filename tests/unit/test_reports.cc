#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "feed.h"
#include "model/roster.h"
#include "report/json_report.h"
#include "report/recorder.h"
#include "report/text_format.h"
#include "report/text_report.h"

namespace gilsim {
namespace {

constexpr Time ms = kMillisecond;
using S = ThreadState;

Scenario make_scenario(std::uint32_t cores, std::uint32_t workers) {
  Scenario sc;
  sc.name = "gil-pair";
  sc.description =
      "Two CPU-bound threads in one process with a GIL on two cores. They take turns holding the GIL, so "
      "only one of them runs at a time.";
  sc.cores = cores;
  ProcessSpec app;
  app.name = "app";
  ThreadSpec main_thread;
  main_thread.name = "main";
  ThreadSpec worker;
  worker.name = "worker";
  worker.count = workers;
  app.threads = {main_thread, worker};
  sc.processes = {app};
  return sc;
}

struct Fixture {
  Fixture(std::uint32_t cores, std::uint32_t workers) : scenario(make_scenario(cores, workers)), roster(scenario) {}
  Scenario scenario;
  Roster roster;
};

// main (A) runs and holds the GIL for 5 ms while the worker (B) waits for it,
// then they swap; both finish at 10 ms.
RunResult gil_pair(const Roster& roster) {
  testing::Fed<Recorder> rec(roster);
  rec.on_thread_state(0, 0, S::running, 0);
  rec.on_gil_acquire(0, 0, 0, false);
  rec.on_thread_state(0, 1, S::ready, 0);
  rec.on_thread_state(0, 1, S::running, 1);
  rec.on_thread_state(0, 1, S::gil_wait, 0);
  rec.on_gil_drop_request(0, 0, 1);
  rec.on_print(1 * ms, 0, "hello");
  rec.on_gil_release(5 * ms, 0, 0);
  rec.on_thread_state(5 * ms, 0, S::gil_wait, 0);
  rec.on_gil_acquire(5 * ms, 0, 1, true);
  rec.on_thread_state(5 * ms, 1, S::running, 1);
  rec.on_print(10 * ms, 1, "bye");
  rec.on_thread_state(10 * ms, 1, S::finished, 0);
  rec.on_gil_release(10 * ms, 0, 1);
  rec.on_thread_state(10 * ms, 0, S::finished, 0);
  rec.on_end(10 * ms);
  return rec.take();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string render(const Roster& roster, const RunResult& r, int width) {
  std::ostringstream out;
  write_text_report(out, roster, r, width);
  return out.str();
}

// The chart of the lane whose label starts with `label`, or "" if none.
std::string lane(const std::vector<std::string>& lines, const std::string& label) {
  for (const std::string& l : lines) {
    if (l.rfind(label, 0) != 0) continue;
    std::size_t open = l.find(" |");
    if (open == std::string::npos || l.back() != '|') continue;
    return l.substr(open + 2, l.size() - open - 3);
  }
  return "";
}

int lane_count(const std::vector<std::string>& lines) {
  int n = 0;
  for (const std::string& l : lines)
    if (l.size() > 2 && l.back() == '|' && l.find(" |") != std::string::npos) ++n;
  return n;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Wrapped paragraphs joined back into one line each.
std::string flat(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == ' ') {
      while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

// No line wider than `width` columns, and no control character.
void check_width_and_ascii(const std::string& text, int width) {
  for (const std::string& l : lines_of(text)) {
    CAPTURE(l);
    CHECK(static_cast<int>(text_columns(l)) <= width);
    for (char c : l) CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f));
  }
}

TEST_CASE("text report: structure at width 80 and 160") {
  Fixture f(2, 1);
  RunResult r = gil_pair(f.roster);
  for (int width : {80, 160}) {
    CAPTURE(width);
    std::string text = render(f.roster, r, width);
    check_width_and_ascii(text, width);
    std::vector<std::string> lines = lines_of(text);
    REQUIRE(!lines.empty());
    CHECK(lines[0] == "Scenario    gil-pair");
    CHECK(contains(text, "Cores       2\n"));
    CHECK(contains(text, "Scheduler   round_robin, quantum 10.000 ms\n"));
    CHECK(contains(text, "GIL         switch interval 5.000 ms\n"));
    CHECK(contains(text, "Makespan    10.000 ms\n"));
    CHECK(contains(text, "Outcome     completed\n"));
    CHECK(contains(text, " 1.000 ms  app/main      hello\n"));
    CHECK(contains(text, "10.000 ms  app/worker-1  bye\n"));
    // Two rulers, two cores, one GIL, two threads, concurrency, parallelism.
    CHECK(lane_count(lines) == 9);
    CHECK(contains(text, "Threads  A=app/main B=app/worker-1\n"));
    CHECK(contains(text, "States   # running, g gil_wait, (blank) not alive\n"));  // only the states drawn
    // The reading is the last paragraph.
    std::string reading = text.substr(text.rfind("\n\n") + 2);
    for (char& c : reading)
      if (c == '\n') c = ' ';
    CHECK(reading ==
          "Average parallelism 1.00 on 2 cores and never above 1: the threads ran concurrently but not in "
          "parallel. Threads spent 10.000 ms in total waiting for a GIL. ");
    std::string core0 = lane(lines, "core 0");
    if (width == 80) CHECK(core0.size() >= 30);
    CHECK(core0.size() + 3 + 14 == static_cast<std::size_t>(width));  // label width = "B app/worker-1"
  }
}

TEST_CASE("text report: symbols land in the right columns") {
  Fixture f(2, 1);
  RunResult r = gil_pair(f.roster);
  std::vector<std::string> lines = lines_of(render(f.roster, r, 80));
  std::string core0 = lane(lines, "core 0"), core1 = lane(lines, "core 1"), gil = lane(lines, "GIL app");
  std::string a = lane(lines, "A app/main"), b = lane(lines, "B app/worker-1");
  std::string conc = lane(lines, "concurrency"), par = lane(lines, "parallelism");
  const std::size_t columns = core0.size();
  REQUIRE(columns > 0);
  for (const std::string* s : {&core1, &gil, &a, &b, &conc, &par}) REQUIRE(s->size() == columns);
  const Time makespan = r.makespan;
  for (std::size_t i = 0; i < columns; ++i) {
    CAPTURE(i);
    Time from = static_cast<Time>(i) * makespan / static_cast<Time>(columns);
    Time to = static_cast<Time>(i + 1) * makespan / static_cast<Time>(columns);
    CHECK(conc[i] == '2');
    CHECK(par[i] == '1');
    if (to <= 5 * ms) {
      CHECK(core0[i] == 'A');
      CHECK(core1[i] == '.');
      CHECK(gil[i] == 'A');
      CHECK(a[i] == '#');
      CHECK(b[i] == 'g');
    } else if (from >= 5 * ms) {
      CHECK(core0[i] == '.');
      CHECK(core1[i] == 'B');
      CHECK(gil[i] == 'B');
      CHECK(a[i] == 'g');
      CHECK(b[i] == '#');
    }
  }
  // The axis starts at 0 and has a tick there.
  std::string ruler = lane(lines, "");
  CHECK(ruler[0] == '+');
  bool axis_found = false;
  for (const std::string& l : lines)
    if (l.rfind("time (ms)", 0) == 0) {
      axis_found = true;
      CHECK(l.substr(16, 1) == "0");  // label width 14 + 2: column 0 of the chart
    }
  CHECK(axis_found);
}

TEST_CASE("text report: many threads and cores are capped") {
  Fixture f(40, 59);  // 60 threads
  testing::Fed<Recorder> rec(f.roster);
  for (ThreadIndex i = 0; i < 60; ++i) {
    rec.on_thread_state(0, i, S::ready, 0);
    rec.on_thread_state(static_cast<Time>(i) * ms, i, S::running, i % 40);
    rec.on_thread_state(static_cast<Time>(i + 1) * ms, i, S::finished, 0);
  }
  rec.on_end(60 * ms);
  RunResult r = rec.take();
  for (int width : {80, 160}) {
    std::string text = render(f.roster, r, width);
    check_width_and_ascii(text, width);
    std::vector<std::string> lines = lines_of(text);
    // Two rulers, 32 cores, 1 GIL, 32 threads, 2 levels.
    CHECK(lane_count(lines) == 2 + 32 + 1 + 32 + 2);
    CHECK(contains(flat(text), "8 more cores, 28 more threads"));
    CHECK(contains(flat(text), "(10 more threads not listed"));
    CHECK(contains(text, "7=app/worker-59"));
    CHECK(!contains(text, "*="));
    CHECK(contains(text, "Parallelism  average 1.00, max 1"));
  }
}

TEST_CASE("text report: makespan 0 and deadlock") {
  Fixture f(2, 1);
  testing::Fed<Recorder> rec(f.roster);
  rec.on_thread_state(0, 0, S::running, 0);
  rec.on_print(0, 0, "line1\nline2");
  rec.on_thread_state(0, 0, S::join, 1);
  rec.on_deadlock(testing::stuck_join(0, 0, 1, S::not_started));
  rec.on_end(0);
  RunResult r = rec.take();
  std::string text = render(f.roster, r, 80);
  check_width_and_ascii(text, 80);
  CHECK(contains(flat(text),
                 "Outcome     DEADLOCK: deadlock at 0 ns: app/main waits to join app/worker-1, which never started\n"));
  CHECK(contains(text, "0 ns  app/main  line1\\nline2\n"));
  CHECK(contains(text, "Timeline: nothing to draw, the makespan is 0.\n"));
  CHECK(lane_count(lines_of(text)) == 0);
}

TEST_CASE("text report: long output text and description wrap within the width") {
  Fixture f(2, 1);
  f.scenario.description = std::string(300, 'x') + " and some words " + std::string(50, 'y');
  testing::Fed<Recorder> rec(f.roster);
  rec.on_thread_state(0, 0, S::running, 0);
  rec.on_print(3, 0, std::string(200, 'z') + " caf\xc3\xa9");
  rec.on_thread_state(7, 0, S::finished, 0);
  rec.on_end(7);
  RunResult r = rec.take();
  for (int width : {80, 160}) {
    std::string text = render(f.roster, r, width);
    check_width_and_ascii(text, width);
    CHECK(contains(text, " caf\xc3\xa9\n"));  // UTF-8 as it is, 4 columns wide
  }
}

TEST_CASE("json report: parses back with the expected fields") {
  Fixture f(2, 1);
  RunResult r = gil_pair(f.roster);
  std::ostringstream out;
  write_json_report(out, f.roster, r);
  nlohmann::json j = nlohmann::json::parse(out.str());
  CHECK(j["scenario"]["name"] == "gil-pair");
  CHECK(j["cores"] == 2);
  CHECK(j["scheduler"]["policy"] == "round_robin");
  CHECK(j["scheduler"]["quantum_ns"] == 10 * ms);
  CHECK(j["gil"]["switch_interval_ns"] == 5 * ms);
  CHECK(j["makespan_ns"] == 10 * ms);
  CHECK(j["outcome"] == "completed");
  CHECK(!j.contains("deadlock"));
  REQUIRE(j["threads"].size() == 2);
  const auto& worker = j["threads"][1];
  CHECK(worker["process"] == "app");
  CHECK(worker["thread"] == "worker-1");
  CHECK(worker["start_ns"] == 0);
  CHECK(worker["finish_ns"] == 10 * ms);
  CHECK(worker["running_ns"] == 5 * ms);
  CHECK(worker["gil_wait_ns"] == 5 * ms);
  CHECK(worker["blocked_ns"] == 0);
  CHECK(worker["intervals"] == nlohmann::json::parse(R"([[0, 5000000, "gil_wait", null],
                                                          [5000000, 10000000, "running", 1]])"));
  const auto& p = j["processes"][0];
  CHECK(p["name"] == "app");
  CHECK(p["gil"] == true);
  CHECK(p["gil_handoffs"] == 1);
  CHECK(p["forced_switches"] == 1);
  CHECK(p["drop_requests"] == 1);
  CHECK(p["gil_wait_ns"] == 10 * ms);
  CHECK(p["gil_held_ns"] == 10 * ms);
  CHECK(p["gil_holders"] ==
        nlohmann::json::parse(R"([[0, 5000000, "app/main"], [5000000, 10000000, "app/worker-1"]])"));
  CHECK(j["parallelism"]["average"] == 1.0);
  CHECK(j["parallelism"]["max"] == 1);
  CHECK(j["concurrency"]["curve"] == nlohmann::json::parse("[[0, 2], [10000000, 0]]"));
  CHECK(j["cores_busy_ns"] == nlohmann::json::parse("[5000000, 5000000]"));
  REQUIRE(j["output"].size() == 2);
  CHECK(j["output"][1]["time_ns"] == 10 * ms);
  CHECK(j["output"][1]["thread"] == "worker-1");
  CHECK(j["output"][1]["text"] == "bye");
  // Keys come in a fixed order.
  std::string text = out.str();
  CHECK(text.rfind("{\n  \"scenario\": {\n    \"name\": \"gil-pair\",", 0) == 0);
  CHECK(text.find("\"makespan_ns\"") < text.find("\"threads\""));
  CHECK(text.find("\"threads\"") < text.find("\"processes\""));
  // Arrays of scalars stay on one line.
  CHECK(contains(text, "\n        [0, 5000000, \"gil_wait\", null],\n"));
  CHECK(contains(text, "\n  \"cores_busy_ns\": [5000000, 5000000],\n"));
}

TEST_CASE("json report: deadlock, a join detail, never-finished thread, rounded averages") {
  Fixture f(2, 1);
  testing::Fed<Recorder> rec(f.roster);
  rec.on_thread_state(0, 0, S::running, 0);
  rec.on_thread_state(1, 0, S::join, 1);
  rec.on_thread_state(2, 1, S::ready, 0);
  rec.on_deadlock(testing::stuck_join(3, 0, 1));
  rec.on_end(3);
  RunResult r = rec.take();
  std::ostringstream out;
  write_json_report(out, f.roster, r);
  nlohmann::json j = nlohmann::json::parse(out.str());
  CHECK(j["outcome"] == "deadlock");
  CHECK(j["deadlock"] == "deadlock at 3 ns: app/main waits to join app/worker-1");
  // The same as data: no cycle, one thread stuck joining another that is running.
  CHECK(j["deadlock_detail"]["cycles"].empty());
  REQUIRE(j["deadlock_detail"]["stuck"].size() == 1);
  CHECK(j["deadlock_detail"]["stuck"][0]["thread"] == "app/main");
  CHECK(j["deadlock_detail"]["stuck"][0]["state"] == "join");
  CHECK(j["deadlock_detail"]["stuck"][0]["waits_for"]["thread"] == "app/worker-1");
  CHECK(j["deadlock_detail"]["stuck"][0]["waits_for"]["thread_state"] == "running");
  CHECK(j["threads"][0]["finish_ns"].is_null());
  // The wait it is stuck in never ends: its end is null.
  CHECK(j["threads"][0]["intervals"][1] == nlohmann::json::parse(R"([1, null, "join", "app/worker-1"])"));
  CHECK(j["threads"][1]["intervals"].back()[1] == 3);  // not in the deadlock: its last state ends with the run
  CHECK(j["threads"][0]["blocked_ns"] == 2);
  CHECK(j["concurrency"]["average"] == 1.333333);  // (1 + 1 + 2) / 3
  CHECK(j["parallelism"]["average"] == 0.333333);
}

}  // namespace
}  // namespace gilsim

#include "report/reading.h"

namespace gilsim {
namespace {

TEST_CASE("reading: a run that deadlocked is worded as one that stopped") {
  RunResult r;
  r.makespan = 3 * ms;
  r.concurrency.max = 2;
  r.parallelism.max = 0;  // nobody ever ran: not "never above 1"
  Deadlock d;
  d.at = 3 * ms;
  d.cycles.push_back({StuckThread{0, ThreadState::lock_wait}, StuckThread{1, ThreadState::lock_wait}});
  d.stuck.push_back(StuckThread{2, ThreadState::join});
  r.deadlock.push_back(d);
  CHECK(plain_reading(r, 2) ==
        "The program deadlocked at 3.000 ms: 3 threads wait for ever, 2 of them in a wait-for cycle. Until then no "
        "thread ran on a core.");
  r.parallelism.max = 1;
  r.parallelism.average = 0.5;
  CHECK(plain_reading(r, 2) ==
        "The program deadlocked at 3.000 ms: 3 threads wait for ever, 2 of them in a wait-for cycle. Until then "
        "average parallelism 0.50 on 2 cores and never above 1: the threads ran concurrently but not in parallel.");
  r.deadlock.clear();
  CHECK(plain_reading(r, 2).rfind("Average parallelism 0.50 on 2 cores and never above 1", 0) == 0);
  r.parallelism.max = 0;
  CHECK(plain_reading(r, 2).empty());  // nothing clear to say
}

}  // namespace
}  // namespace gilsim

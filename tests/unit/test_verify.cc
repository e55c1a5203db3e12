// verify's comparison (order with ties, medians, errors, the verdict), its
// report, and the child process runner.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "export/child_process.h"
#include "export/verify_compare.h"
#include "export/verify_report.h"
#include "export/verify_runs.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

PrintedLine line(Time t, const std::string& thread, const std::string& text) { return {t, "app", thread, text}; }

TEST_CASE("compare_order: the same lines in the same order") {
  std::vector<PrintedLine> p = {line(0, "a", "1"), line(5, "b", "2")};
  std::vector<PrintedLine> m = {line(3, "a", "1"), line(9, "b", "2")};  // times differ: only the order counts
  OrderComparison c = compare_order(p, m, false);
  CHECK(c.match == OrderMatch::same);
  CHECK(c.tied_groups == 0);
}

TEST_CASE("compare_order: lines of one simulated instant from different threads are a tie") {
  std::vector<PrintedLine> p = {line(0, "t1", "10"), line(0, "t2", "0"), line(1, "t1", "9"), line(1, "t2", "1")};
  std::vector<PrintedLine> m = {line(0, "t2", "0"), line(0, "t1", "10"), line(1, "t1", "9"), line(1, "t2", "1")};
  OrderComparison c = compare_order(p, m, false);
  CHECK(c.match == OrderMatch::tied);
  CHECK(c.tied_groups == 1);
  m = {line(0, "t2", "0"), line(0, "t1", "10"), line(1, "t2", "1"), line(1, "t1", "9")};
  CHECK(compare_order(p, m, false).tied_groups == 2);
}

TEST_CASE("compare_order: a thread's own lines keep their order even at one instant") {
  std::vector<PrintedLine> p = {line(0, "a", "first"), line(0, "a", "second"), line(0, "b", "x")};
  std::vector<PrintedLine> m = {line(0, "b", "x"), line(0, "a", "first"), line(0, "a", "second")};
  CHECK(compare_order(p, m, false).match == OrderMatch::tied);
  m = {line(0, "a", "second"), line(0, "a", "first"), line(0, "b", "x")};
  OrderComparison c = compare_order(p, m, false);
  CHECK(c.match == OrderMatch::different);
  CHECK(c.index == 0);
  CHECK(c.predicted == line(0, "a", "first"));
  CHECK(c.measured == line(0, "a", "second"));
}

TEST_CASE("compare_order: lines of different instants may not swap") {
  std::vector<PrintedLine> p = {line(0, "a", "1"), line(1, "b", "2"), line(2, "a", "3")};
  std::vector<PrintedLine> m = {line(0, "a", "1"), line(1, "a", "3"), line(2, "b", "2")};
  OrderComparison c = compare_order(p, m, false);
  CHECK(c.match == OrderMatch::different);
  CHECK(c.index == 1);
  CHECK(c.predicted->text == "2");
  CHECK(c.measured->text == "3");
}

TEST_CASE("compare_order: with a tie window, lines predicted that close together may swap") {
  std::vector<PrintedLine> p = {line(0, "t1", "7"), line(150, "t2", "3"), line(1000, "t1", "6"), line(1100, "t2", "4")};
  std::vector<PrintedLine> m = {line(0, "t2", "3"), line(20, "t1", "7"), line(990, "t2", "4"), line(995, "t1", "6")};
  CHECK(compare_order(p, m, false).match == OrderMatch::different);
  OrderRules rules{.tie_window = 500};
  OrderComparison c = compare_order(p, m, rules);
  CHECK(c.match == OrderMatch::tied);
  CHECK(c.tied_groups == 2);
  rules.tie_window = 100;  // 150 apart: not a tie
  CHECK(compare_order(p, m, rules).match == OrderMatch::different);
  // The window is measured from a group's first line: 0, 400, 800 are two groups.
  std::vector<PrintedLine> chain = {line(0, "a", "1"), line(400, "b", "2"), line(800, "a", "3")};
  std::vector<PrintedLine> late = {line(0, "a", "1"), line(1, "a", "3"), line(2, "b", "2")};
  CHECK(compare_order(chain, late, OrderRules{.tie_window = 500}).match == OrderMatch::different);
}

TEST_CASE("compare_order: copies of one thread or process may come in either order, names in texts too") {
  std::vector<PrintedLine> p = {line(10, "worker-1", "worker-1 done"), line(20, "worker-2", "worker-2 done"),
                                line(30, "main", "all done")};
  std::vector<PrintedLine> m = {line(10, "worker-2", "worker-2 done"), line(20, "worker-1", "worker-1 done"),
                                line(30, "main", "all done")};
  CHECK(compare_order(p, m, false).match == OrderMatch::different);
  OrderRules rules;
  rules.thread_copies = {{"app/worker-1", "worker"}, {"app/worker-2", "worker"}};
  CHECK(compare_order(p, m, rules).match == OrderMatch::same);
  // The first difference names the lines as printed, not as compared.
  std::vector<PrintedLine> wrong = {line(10, "main", "all done"), line(20, "worker-1", "worker-1 done"),
                                    line(30, "worker-2", "worker-2 done")};
  OrderComparison c = compare_order(p, wrong, rules);
  CHECK(c.match == OrderMatch::different);
  CHECK(c.predicted == p[0]);
  CHECK(c.measured == wrong[0]);
  // A name is replaced only where it ends: worker-1 is not the start of worker-12.
  std::vector<PrintedLine> twelve = {line(10, "worker-1", "after worker-12")};
  std::vector<PrintedLine> twelve_m = {line(10, "worker-2", "after worker-12")};
  CHECK(compare_order(twelve, twelve_m, rules).match == OrderMatch::same);
  // Processes: app-1 and app-2 are copies of app.
  std::vector<PrintedLine> procs = {{5, "app-1", "main", "app-1 read"}, {6, "app-2", "main", "app-2 read"}};
  std::vector<PrintedLine> swapped = {{5, "app-2", "main", "app-2 read"}, {6, "app-1", "main", "app-1 read"}};
  OrderRules process_rules;
  process_rules.process_copies = {{"app-1", "app"}, {"app-2", "app"}};
  CHECK(compare_order(procs, swapped, process_rules).match == OrderMatch::same);
}

TEST_CASE("compare_order: missing and extra lines, other texts, other processes") {
  std::vector<PrintedLine> p = {line(0, "a", "1"), line(1, "a", "2")};
  OrderComparison fewer = compare_order(p, {line(0, "a", "1")}, false);
  CHECK(fewer.match == OrderMatch::different);
  CHECK(fewer.index == 1);
  CHECK(fewer.predicted->text == "2");
  CHECK(!fewer.measured);
  OrderComparison more = compare_order(p, {line(0, "a", "1"), line(1, "a", "2"), line(2, "a", "3")}, false);
  CHECK(more.index == 2);
  CHECK(!more.predicted);
  CHECK(more.measured->text == "3");
  CHECK(compare_order(p, {line(0, "a", "1"), line(1, "a", "two")}, false).match == OrderMatch::different);
  PrintedLine elsewhere = line(1, "a", "2");
  elsewhere.process = "app-2";
  CHECK(compare_order(p, {line(0, "a", "1"), elsewhere}, false).match == OrderMatch::different);
  CHECK(compare_order({}, {}, false).match == OrderMatch::same);
}

TEST_CASE("compare_order with masked durations: {time} may print any value") {
  std::vector<PrintedLine> p = {line(0, "a", "done at 1.5ms"), line(2, "b", "done at 2s")};
  std::vector<PrintedLine> m = {line(0, "a", "done at 1.734152ms"), line(2, "b", "done at 2.000101s")};
  CHECK(compare_order(p, m, true).match == OrderMatch::same);
  CHECK(compare_order(p, m, false).match == OrderMatch::different);
  CHECK(mask_durations("t1 done at 250ns, 12.5us and 3s; 5 items; 4msx") == "t1 done at {time}, {time} and {time}; 5 items; 4msx");
}

TEST_CASE("spread_of: median (the mean of the middle two, rounded down), min, max") {
  Spread odd = spread_of({5, 1, 3});
  CHECK(odd.median == 3);
  CHECK(odd.min == 1);
  CHECK(odd.max == 5);
  Spread even = spread_of({4, 1, 2, 9});
  CHECK(even.median == 3);
  CHECK(spread_of({7, 8}).median == 7);
  CHECK(spread_of({42}).median == 42);
}

TEST_CASE("error_percent: relative to the prediction, none for a prediction of 0") {
  CHECK(*error_percent(100, 105) == doctest::Approx(5.0));
  CHECK(*error_percent(100, 90) == doctest::Approx(-10.0));
  CHECK(!error_percent(0, 10));
}

RunRecord record(Time makespan, Time finish_a, std::vector<PrintedLine> output) {
  return {makespan, {{"app", "a", 0, finish_a}, {"app", "b", 0, makespan}}, std::move(output)};
}

TEST_CASE("compare_runs: medians per thread, the makespan error, order per run, the verdict") {
  RunRecord predicted = record(100, 50, {line(0, "a", "x"), line(0, "b", "y")});
  std::vector<RunRecord> measured = {record(104, 52, {line(0, "a", "x"), line(1, "b", "y")}),
                                     record(102, 51, {line(0, "b", "y"), line(1, "a", "x")}),
                                     record(110, 49, {line(0, "a", "x"), line(1, "b", "y")})};
  VerifyComparison c = compare_runs(predicted, measured, 5, false);
  CHECK(c.makespan.median == 104);
  CHECK(c.makespan.min == 102);
  CHECK(c.makespan.max == 110);
  CHECK(*c.error == doctest::Approx(4.0));
  REQUIRE(c.threads.size() == 2);
  CHECK(c.threads[0].measured->median == 51);
  CHECK(*c.threads[0].error == doctest::Approx(2.0));
  CHECK(c.runs_same == 2);
  CHECK(c.runs_tied == 1);
  CHECK(c.runs_different == 0);
  CHECK(c.agrees());
  CHECK(!compare_runs(predicted, measured, 3, false).agrees());  // 4 % is beyond 3 %

  measured.push_back(record(104, 50, {line(0, "a", "x"), line(1, "a", "x")}));
  c = compare_runs(predicted, measured, 5, false);
  CHECK(c.runs_different == 1);
  CHECK(c.first_different_run == 4);
  CHECK(c.first_difference.index == 1);
  CHECK(!c.order_ok());
  CHECK(!c.agrees());
}

TEST_CASE("compare_runs: the waits for a core, summed over the threads, where every run knows them") {
  RunRecord predicted = record(100, 50, {});
  predicted.threads[0].waited = 5;
  RunRecord run = record(100, 50, {});
  run.threads[0].waited = 7;
  run.threads[1].waited = 4;
  VerifyComparison c = compare_runs(predicted, {run}, 5, false);
  CHECK(c.predicted_wait == 5);
  CHECK(c.waits == std::vector<Time>{11});
  run.threads[1].waited.reset();  // (no schedstat)
  CHECK(compare_runs(predicted, {run}, 5, false).waits.empty());
}

TEST_CASE("compare_runs: a thread that never finished in a run counts where it did") {
  RunRecord predicted = record(100, 50, {});
  RunRecord unfinished = record(100, 0, {});
  unfinished.threads[0].finish.reset();
  VerifyComparison c = compare_runs(predicted, {unfinished, record(100, 60, {})}, 5, false);
  CHECK(c.threads[0].measured->median == 60);
  CHECK(compare_runs(predicted, {unfinished}, 5, false).threads[0].measured == std::nullopt);
}

TEST_CASE("the verify report: the table, the order, what was not reproduced, the verdict") {
  VerifyReport r;
  r.scenario_file = "s.json";
  r.scenario_name = "two threads";
  r.interpreter = "python3";
  r.python = "cpython 3.11.7";
  r.executable = "/usr/bin/python3";
  r.comparison = compare_runs(record(100000000, 50000000, {line(0, "a", "x")}),
                              {record(112000000, 50000000, {line(0, "b", "y")})}, 5, false);
  r.not_reproduced = {"cores: the scenario has 4 cores"};
  std::ostringstream text;
  write_verify_text(text, r);
  const std::string s = text.str();
  CHECK(s.find("verify: s.json: \"two threads\"\npython3: cpython 3.11.7 (/usr/bin/python3), 1 core, 1 run\n") == 0);
  CHECK(s.find("makespan   100.000 ms        112.000 ms   112.000 ms   112.000 ms   +12.00 %") != std::string::npos);
  CHECK(s.find("First difference, run 1, line 1: predicted app/a \"x\", printed app/b \"y\"") != std::string::npos);
  CHECK(s.find("not reproduced on this machine:\n  - cores: the scenario has 4 cores\n") != std::string::npos);
  CHECK(s.find("verdict: DISAGREES: makespan +12.00 %, not within \xC2\xB1" "5 %; printed lines in another order") !=
        std::string::npos);
  std::ostringstream json;
  write_verify_json(json, r);
  CHECK(json.str().find("\"verdict\": \"disagrees\"") != std::string::npos);
  CHECK(json.str().find("\"error_percent\": 12.0") != std::string::npos);
}

TEST_CASE("parse_measured_run: the program's report, or why it is not one") {
  MeasuredRun run = parse_measured_run(R"({"makespan_ns": 7, "outcome": "completed", "not_reproduced": ["x"],
    "errors": [], "python": {"implementation": "cpython", "version": "3.11.7", "executable": "/p", "native": null},
    "threads": [{"process": "app", "thread": "main", "start_ns": 1, "finish_ns": null}],
    "output": [{"time_ns": 3, "process": "app", "thread": "main", "text": "hi"}]})");
  CHECK(run.record.makespan == 7);
  CHECK(run.record.threads[0].start == 1);
  CHECK(!run.record.threads[0].finish);
  CHECK(run.record.output[0] == PrintedLine{3, "app", "main", "hi"});
  CHECK(run.python == "cpython 3.11.7");
  CHECK(run.not_reproduced == std::vector<std::string>{"x"});
  CHECK_THROWS_WITH(parse_measured_run(""), "it printed nothing on stdout");
  CHECK_THROWS_WITH(parse_measured_run("{"), doctest::Contains("its stdout is not JSON"));
  CHECK_THROWS_WITH(parse_measured_run("{}"), doctest::Contains("its report lacks"));
}

TEST_CASE("predict: the simulation's threads and prints by name") {
  Scenario s = load_scenario_text(R"({"name": "t", "cores": 2, "costs": "none", "processes": [{"name": "app", "count": 2, "threads": [
    {"name": "main", "steps": [{"compute": "1ms"}, {"print": "{process} at {time}"}]}]}]})", "s.json");
  CHECK(prints_time(s));
  Prediction p = predict(s, {});
  CHECK(p.record.makespan == 1000000);
  REQUIRE(p.record.threads.size() == 2);
  CHECK(p.record.threads[1].process == "app-2");
  CHECK(p.record.threads[1].finish == 1000000);
  REQUIRE(p.record.output.size() == 2);
  CHECK(p.record.output[0] == PrintedLine{1000000, "app-1", "main", "app-1 at 1ms"});
}

TEST_CASE("run_child: output, exit code, signal, timeout, a program that does not exist") {
  ChildResult r = run_child({"sh", "-c", "echo out; echo err >&2; exit 3"}, std::chrono::seconds(10));
  CHECK(r.out == "out\n");
  CHECK(r.err == "err\n");
  CHECK(r.exit_code == 3);
  CHECK(!r.ok());
  CHECK(r.describe() == "exited with code 3");
  ChildResult killed = run_child({"sh", "-c", "kill -9 $$"}, std::chrono::seconds(10));
  CHECK(killed.signal == 9);
  CHECK(killed.describe().rfind("was killed by signal 9", 0) == 0);
  ChildResult slow = run_child({"sh", "-c", "sleep 5 & sleep 5"}, std::chrono::milliseconds(200));
  CHECK(slow.timed_out);
  CHECK(slow.seconds < 4);
  CHECK(slow.describe().find("did not finish within") == 0);
  ChildResult missing = run_child({"/nonexistent/python"}, std::chrono::seconds(10));
  CHECK(missing.exec_error == "/nonexistent/python: No such file or directory");
  CHECK(run_child({"true"}, std::chrono::seconds(10)).ok());
}

}  // namespace
}  // namespace gilsim

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "compare/measure.h"
#include "compare/metric.h"
#include "compare/metric_probe.h"
#include "model_fixture.h"
#include "pool_fixture.h"

namespace gilsim {
namespace {

using testing::compute;
using testing::print;
using testing::process;
using testing::thread;

std::string parse_error(const std::string& text) {
  try {
    parse_metric(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

std::string pick_error(const Scenario& s, const std::string& name) {
  try {
    pick_threads(s, name);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

// server: io_thread, worker x3; batch (2 copies): main, helper.
Scenario named_scenario() {
  ThreadSpec workers = thread("worker", {compute(kMillisecond)});
  workers.count = 3;
  ProcessSpec batch = process("batch", true, {thread("main", {compute(kMillisecond)}), thread("helper", {})});
  batch.count = 2;
  return testing::scenario(1, {process("server", true, {thread("io_thread", {}), workers}), batch});
}

TEST_CASE("metric specs: each kind, its subject and its name as asked") {
  CHECK(parse_metric("makespan") == MetricSpec{MetricKind::makespan, ""});
  CHECK(parse_metric("finish:io_thread") == MetricSpec{MetricKind::finish, "io_thread"});
  CHECK(parse_metric("response:editor") == MetricSpec{MetricKind::response_mean, "editor"});
  CHECK(parse_metric("response_mean:editor").name() == "response_mean:editor");
  CHECK(parse_metric("response:editor").name() == "response_mean:editor");
  CHECK(parse_metric("response_p95:app/editor") == MetricSpec{MetricKind::response_p95, "app/editor"});
  CHECK(parse_metric("response_max:editor") == MetricSpec{MetricKind::response_max, "editor"});
  CHECK(parse_metric("gil_wait") == MetricSpec{MetricKind::gil_wait, ""});
  CHECK(parse_metric("gil_wait:server") == MetricSpec{MetricKind::gil_wait, "server"});
  // Everything after the first colon is the text, colons and spaces included.
  CHECK(parse_metric("print:request 9: done") == MetricSpec{MetricKind::print, "request 9: done"});
  CHECK(parse_metric("gil_wait").is_time() == false);
  CHECK(parse_metric("print:x").is_time());
  CHECK(parse_metric("finish:a").names_threads());
  CHECK_FALSE(parse_metric("print:a").names_threads());
  CHECK_FALSE(parse_metric("gil_wait").names_threads());
}

TEST_CASE("metric specs: mistakes name the valid kinds, and kinds not modelled yet say so") {
  const std::string valid =
      "valid: makespan, finish, response_mean, response_p95, response_max, gil_wait, print, task_latency_mean, "
      "task_latency_p50, task_latency_p95, task_latency_max, throughput, busy_share, pickling, pipe; response and "
      "task_latency are short for response_mean and task_latency_mean)";
  CHECK(parse_error("finsh:a") == "unknown metric \"finsh\" (did you mean \"finish\"?; " + valid);
  CHECK(parse_error("") == "unknown metric \"\" (" + valid);
  CHECK(parse_error("finish") == "finish needs a name: finish:THREAD");
  CHECK(parse_error("finish:") == "finish needs a name: finish:THREAD");
  CHECK(parse_error("print") == "print needs a text: print:TEXT");
  CHECK(parse_error("makespan:x") == "makespan takes nothing after it (write makespan)");
  CHECK(parse_error("gil_wait:") == "gil_wait needs a name after the colon, or no colon");
  CHECK(parse_error("throughput:") == "throughput needs a name after the colon, or no colon");
  CHECK(parse_metric("task_latency:pool") == MetricSpec{MetricKind::task_latency_mean, "pool"});
  CHECK(parse_metric("throughput").is_rate());
  CHECK_FALSE(parse_metric("task_latency_p95:pool").names_threads());
  CHECK(parse_metric("task_latency_p95:pool").names_executor());
  CHECK(parse_error("loop_lag").find("it needs asyncio event loops") != std::string::npos);
}

TEST_CASE("metric specs: an executor's busy share is a share that drives no speedup, pickling and pipe are times") {
  CHECK(parse_metric("busy_share") == MetricSpec{MetricKind::busy_share, ""});
  CHECK(parse_metric("busy_share:app/pool") == MetricSpec{MetricKind::busy_share, "app/pool"});
  CHECK(parse_metric("pickling:pool") == MetricSpec{MetricKind::pickling, "pool"});
  CHECK(parse_metric("pipe").name() == "pipe");
  CHECK(parse_metric("pipe:pool").name() == "pipe:pool");
  for (const char* text : {"busy_share:pool", "pickling:pool", "pipe:pool"}) {
    CAPTURE(text);
    CHECK(parse_metric(text).names_executor());
    CHECK_FALSE(parse_metric(text).names_threads());
    CHECK_FALSE(parse_metric(text).is_rate());
  }
  CHECK_FALSE(parse_metric("busy_share").is_time());  // a share from 0 to 1, as gil_wait
  CHECK_FALSE(parse_metric("busy_share").drives_speedup());
  CHECK(parse_metric("pickling").is_time());
  CHECK(parse_metric("pipe").is_time());
  CHECK(parse_metric("pickling").drives_speedup());  // less is better, as every time
  CHECK(parse_metric("gil_wait").drives_speedup());
  CHECK(parse_metric("throughput").drives_speedup());
  CHECK(parse_error("busy_share:") == "busy_share needs a name after the colon, or no colon");
  CHECK(parse_error("pipe:x").empty());  // the executor is checked against the scenario, not here
}

TEST_CASE("metric names: a thread, a copy, a process, PROCESS/THREAD and PROCESS/*") {
  Scenario s = named_scenario();
  using P = std::vector<ThreadPick>;
  CHECK(pick_threads(s, "io_thread") == P{{0, std::nullopt, 0, std::nullopt}});
  CHECK(pick_threads(s, "worker") == P{{0, std::nullopt, 1, std::nullopt}});
  CHECK(pick_threads(s, "worker-3") == P{{0, std::nullopt, 1, 2}});
  CHECK(pick_threads(s, "main") == P{{1, std::nullopt, 0, std::nullopt}});  // threads before processes
  CHECK(pick_threads(s, "server") == P{{0, std::nullopt, std::nullopt, std::nullopt}});
  CHECK(pick_threads(s, "batch-2") == P{{1, 1, std::nullopt, std::nullopt}});
  CHECK(pick_threads(s, "batch-2/helper") == P{{1, 1, 1, std::nullopt}});
  CHECK(pick_threads(s, "server/*") == P{{0, std::nullopt, std::nullopt, std::nullopt}});

  Roster roster(s);  // server: io_thread, worker-1..3; batch-1: main, helper; batch-2: main, helper
  CHECK(picked_threads(roster, pick_threads(s, "worker-3")) ==
        std::vector<bool>{false, false, false, true, false, false, false, false});
  CHECK(picked_threads(roster, pick_threads(s, "batch-2")) ==
        std::vector<bool>{false, false, false, false, false, false, true, true});
  CHECK(picked_threads(roster, pick_threads(s, "helper")) ==
        std::vector<bool>{false, false, false, false, false, true, false, true});
}

TEST_CASE("metric names: a name that picks nothing says why, with the valid names") {
  Scenario s = named_scenario();
  CHECK(pick_error(s, "io_thred") ==
        "no thread or process named \"io_thred\" (did you mean \"io_thread\"?; threads: io_thread, worker, main, "
        "helper; processes: server, batch; or PROCESS/THREAD)");
  CHECK(pick_error(s, "worker-4").find("no thread or process named \"worker-4\"") == 0);
  CHECK(pick_error(s, "server/helper") ==
        "process \"server\" has no thread \"helper\" (its threads: io_thread, worker, or * for all)");
  CHECK(pick_error(s, "sever/io_thread") ==
        "no process \"sever\" (did you mean \"server\"?; processes: server, batch)");
}

TEST_CASE("the 95th percentile by nearest rank") {
  std::vector<Time> none;
  CHECK_FALSE(percentile_95(none));
  std::vector<Time> one = {7};
  CHECK(percentile_95(one) == 7);
  std::vector<Time> twenty;  // 20 samples: rank ceil(19) = 19, the 19th smallest
  for (Time t = 20; t >= 1; --t) twenty.push_back(t);
  CHECK(percentile_95(twenty) == 19);
  std::vector<Time> hundred_one;  // 101 samples 1..101: rank ceil(95.95) = 96
  for (Time t = 1; t <= 101; ++t) hundred_one.push_back(t);
  CHECK(percentile_95(hundred_one) == 96);
}

std::vector<MetricSpec> specs(const std::vector<std::string>& texts) {
  std::vector<MetricSpec> out;
  for (const std::string& t : texts) out.push_back(parse_metric(t));
  return out;
}

MetricAsk ask_for(const Scenario& s, const std::vector<std::string>& texts) {
  MetricAsk ask;
  ask.metrics = specs(texts);
  for (const MetricSpec& m : ask.metrics)
    ask.picks.push_back(m.names_threads() ? pick_threads(s, m.subject) : std::vector<ThreadPick>{});
  return ask;
}

TEST_CASE("metric values, worked by hand: one core, round robin, 10 ms slices, no GIL") {
  // a: 30 ms then prints "a done"; b: 10 ms then prints "b done". a runs
  // [0,10), b [10,20) (waited 10 ms), a [20,40) (waited 10 ms).
  auto text = [](const char* t) { return std::vector<TextPart>{{TextPart::Kind::literal, t}}; };
  Scenario s = testing::scenario(1, {process("app", false,
                                             {thread("a", {compute(30 * kMillisecond), print(text("a done"))}),
                                              thread("b", {compute(10 * kMillisecond), print(text("b done"))})})});
  MetricAsk ask = ask_for(s, {"finish:b", "finish:app", "print:done", "print:a done", "response_max:b",
                              "response_mean:b", "response_max:a", "gil_wait", "makespan", "print:nobody"});
  Measurement m = measure(s, {}, ask);
  REQUIRE(m.metrics.size() == 10);
  CHECK(m.metrics[0] == 20.0 * kMillisecond);
  CHECK(m.metrics[1] == 40.0 * kMillisecond);
  CHECK(m.metrics[2] == 20.0 * kMillisecond);
  CHECK(m.metrics[3] == 40.0 * kMillisecond);
  CHECK(m.metrics[4] == 10.0 * kMillisecond);
  CHECK(m.metrics[5] == 10.0 * kMillisecond);
  CHECK(m.metrics[6] == 10.0 * kMillisecond);
  CHECK(m.metrics[7] == 0.0);  // no GIL: nothing waits for one
  CHECK(m.metrics[8] == static_cast<double>(m.makespan));
  CHECK_FALSE(m.metrics[9]);  // never printed: absent, not 0
}

TEST_CASE("metric values: a thread that never finished has no finish, and the share is of the named threads") {
  // Hand-fed: two threads, a finished at 5, b never did; b waited 3 of its 8 alive for the GIL.
  Scenario s = testing::scenario(1, {process("app", true, {thread("a", {}), thread("b", {})})});
  Roster roster(s);
  MetricAsk ask = ask_for(s, {"finish:a", "finish:b", "finish:app", "gil_wait:b", "gil_wait", "response_p95:a"});
  MetricProbe probe(roster, ask.metrics, ask.picks);
  probe.on_thread_state({.at = 2, .since = 0, .thread = 0, .from = ThreadState::ready, .to = ThreadState::running});
  probe.on_thread_state({.at = 1, .since = 0, .thread = 1, .from = ThreadState::ready, .to = ThreadState::running});
  RunResult result;
  result.threads.resize(2);
  result.threads[0].finish = 5;
  result.threads[0].time_in.add(ThreadState::running, 5);
  result.threads[1].time_in.add(ThreadState::running, 5);
  result.threads[1].time_in.add(ThreadState::gil_wait, 3);
  std::vector<MetricValue> v = probe.values(result);
  CHECK(v[0] == 5.0);
  CHECK_FALSE(v[1]);
  CHECK_FALSE(v[2]);  // a group's finish needs all of it
  CHECK(v[3] == doctest::Approx(3.0 / 8));
  CHECK(v[4] == doctest::Approx(3.0 / 13));
  CHECK(v[5] == 2.0);  // only a's dispatch
}

std::string executor_error(const Scenario& s, const std::string& name) {
  try {
    check_executor_name(s, name);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("metric values, worked by hand: a process pool's busy share, pickling and pipe writes") {
  // As in test_pool_report.cc: pickle 10 us + 100 us/MB, unpickle 5 us + 200
  // us/MB, pipe 20 us + 1 ms/MB, nothing else; one call of 1 ms of compute,
  // args 1 MB, result 1 MB, to a process pool of 2 workers on 8 cores.
  //   feeder pickles 0..110, writes 110..1130; pool-1 unpickles 1130..1335,
  //   runs 1335..2335, pickles 2335..2445, writes 2445..3465 (busy 1130..3465
  //   = 2335 us); the manager unpickles 3465..3670 and sets the future.
  // busy_share: 2335 / (2 started x 3670) = 0.318120.
  // pickling: 110 (feeder) + 205 (worker unpickles) + 110 (worker pickles) + 205 (manager) = 630 us.
  // pipe: 1020 (feeder) + 1020 (worker) = 2040 us.
  using namespace pool_fixture;
  Scenario s = load_scenario_text(
      app(8, true, R"({"t": {"steps": [{"compute": "1ms"}], "args": "1MB", "result": "1MB"}})",
          R"({"pool": {"kind": "process", "max_workers": 2}})",
          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"results": "pool"}]}])"),
      "s.json");
  pickling_costs(10 * us, 100 * us, 5 * us, 200 * us, 20 * us, 1 * ms)(s.costs);
  MetricAsk ask = ask_for(s, {"busy_share", "busy_share:pool", "pickling:app/pool", "pipe", "task_latency_max"});
  Measurement m = measure(s, {}, ask);
  REQUIRE(m.metrics.size() == 5);
  REQUIRE(m.metrics[0]);
  CHECK(*m.metrics[0] == doctest::Approx(2335.0 / 7340.0));
  CHECK(m.metrics[1] == m.metrics[0]);  // the only executor, named or not
  CHECK(m.metrics[2] == 630.0 * us);
  CHECK(m.metrics[3] == 2040.0 * us);
  CHECK(m.metrics[4] == 3670.0 * us);  // the one call: submitted at 0, its future set at 3670
}

TEST_CASE("metric values, worked by hand: a thread pool pickles nothing and its two workers were busy throughout") {
  // Two calls of 1 ms of I/O, max_workers 4: each submit starts a worker, both
  // busy 0..1 ms; share 2 ms / (2 x 1 ms) = 1 (100 %). No pickling, no pipes: 0, not absent.
  using namespace pool_fixture;
  Scenario s = load_scenario_text(
      app(1, true, R"({"t": {"steps": [{"io": "1ms"}]}})", R"({"pool": {"kind": "thread", "max_workers": 4}})",
          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 2}, {"results": "pool"}]}])"),
      "s.json");
  Measurement m = measure(s, {}, ask_for(s, {"busy_share", "pickling", "pipe"}));
  REQUIRE(m.metrics.size() == 3);
  CHECK(m.metrics[0] == doctest::Approx(1.0));
  CHECK(m.metrics[1] == 0.0);
  CHECK(m.metrics[2] == 0.0);
}

TEST_CASE("metric values: without a finished call the busy share is absent, the time sums are what was spent") {
  // Hand-fed: the pool pickled 7 ns and wrote 11 ns to its pipe, but no future was set.
  using namespace pool_fixture;
  Scenario s = load_scenario_text(
      app(1, true, R"({"t": {"steps": [{"io": "1ms"}]}})", R"({"pool": {"kind": "process", "max_workers": 1}})",
          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"results": "pool"}]}])"),
      "s.json");
  Roster roster(s);
  MetricAsk ask = ask_for(s, {"busy_share:pool", "pickling:pool", "pipe:pool"});
  MetricProbe probe(roster, ask.metrics, ask.picks);
  RunResult result;
  result.pools.resize(1);
  result.pools[0].workers_started = 1;
  result.pools[0].busy = 5;
  result.pools[0].costs[static_cast<std::size_t>(PoolCostKind::feeder_pickle)] = 3;
  result.pools[0].costs[static_cast<std::size_t>(PoolCostKind::worker_unpickle)] = 4;
  result.pools[0].costs[static_cast<std::size_t>(PoolCostKind::feeder_write)] = 11;
  std::vector<MetricValue> v = probe.values(result);
  CHECK_FALSE(v[0]);
  CHECK(v[1] == 7.0);
  CHECK(v[2] == 11.0);
}

TEST_CASE("executor names: an unknown one, and several without a name, list the valid names") {
  using namespace pool_fixture;
  Scenario one = load_scenario_text(
      app(1, true, R"({"t": {"steps": [{"io": "1ms"}]}})", R"({"pool": {"kind": "thread", "max_workers": 2}})",
          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"results": "pool"}]}])"),
      "s.json");
  CHECK(executor_error(one, "").empty());
  CHECK(executor_error(one, "pool").empty());
  CHECK(executor_error(one, "app/pool").empty());
  CHECK(executor_error(one, "pol") == "no executor \"pol\" (executors: app/pool)");
  CHECK(executor_error(one, "app/pol") == "no executor \"app/pol\" (did you mean \"app/pool\"?; executors: app/pool)");
  Scenario two = load_scenario_text(
      app(1, true, R"({"t": {"steps": [{"io": "1ms"}]}})",
          R"({"pool": {"kind": "thread", "max_workers": 2}, "procs": {"kind": "process", "max_workers": 2}})",
          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"submit": "procs", "task": "t"},
                                        {"results": "pool"}, {"results": "procs"}]}])"),
      "s.json");
  CHECK(executor_error(two, "") == "the scenario has 2 executors: name one (app/pool, app/procs)");
  CHECK(executor_error(two, "procs").empty());
  Roster roster(two);
  CHECK(find_executor(roster, "procs") == 1u);
  CHECK(find_executor(roster, "app/pool") == 0u);
}

}  // namespace
}  // namespace gilsim

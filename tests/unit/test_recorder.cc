#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "model/roster.h"
#include "model/simulation.h"
#include "feed.h"
#include "model_fixture.h"
#include "report/events_writer.h"
#include "report/observer_tee.h"
#include "report/recorder.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

constexpr Time ms = kMillisecond;

Scenario two_threads_scenario() {
  Scenario sc;
  sc.name = "two-threads";
  sc.description = "main starts one worker and joins it";
  sc.cores = 2;
  ProcessSpec app;
  app.name = "app";
  app.gil = true;
  ThreadSpec main_thread;
  main_thread.name = "main";
  ThreadSpec worker;
  worker.name = "worker";
  worker.count = 1;
  worker.started_by_step = true;
  app.threads = {main_thread, worker};
  sc.processes = {app};
  return sc;
}

struct Fixture {
  Scenario scenario = two_threads_scenario();
  Roster roster{scenario};
};

constexpr ThreadIndex kMain = 0;
constexpr ThreadIndex kWorker = 1;
using S = ThreadState;

// main runs, starts the worker, waits for the GIL the worker holds, gets it
// by a forced switch, joins the worker and finishes.
template <class Calls>
void drive(Calls& o) {
  o.on_thread_state(0, kMain, S::ready, 0);
  o.on_thread_state(0, kMain, S::running, 0);
  o.on_gil_acquire(0, 0, kMain, false);
  // A quantum expiry with nobody else ready: zero-length ready, same core.
  o.on_thread_state(ms / 2, kMain, S::ready, 0);
  o.on_thread_state(ms / 2, kMain, S::running, 0);
  o.on_print(1 * ms, kMain, "hello \"world\"\n");
  o.on_thread_state(1 * ms, kWorker, S::ready, 0);
  o.on_gil_release(1 * ms, 0, kMain);
  o.on_thread_state(1 * ms, kMain, S::start, kWorker);
  o.on_thread_state(1 * ms, kWorker, S::running, 1);
  o.on_gil_acquire(1 * ms, 0, kWorker, false);
  o.on_thread_state(2 * ms, kMain, S::ready, 0);
  o.on_thread_state(2 * ms, kMain, S::running, 0);
  o.on_thread_state(2 * ms, kMain, S::gil_wait, 0);
  o.on_gil_drop_request(2 * ms, 0, kMain);
  o.on_gil_release(7 * ms, 0, kWorker);
  o.on_thread_state(7 * ms, kWorker, S::gil_wait, 0);
  o.on_gil_acquire(7 * ms, 0, kMain, true);
  o.on_thread_state(7 * ms, kMain, S::running, 0);
  o.on_thread_state(8 * ms, kMain, S::join, kWorker);
  o.on_gil_release(8 * ms, 0, kMain);
  o.on_gil_acquire(8 * ms, 0, kWorker, false);
  o.on_thread_state(8 * ms, kWorker, S::running, 1);
  o.on_thread_state(10 * ms, kWorker, S::finished, 0);
  o.on_gil_release(10 * ms, 0, kWorker);
  o.on_thread_state(10 * ms, kMain, S::ready, 0);
  o.on_thread_state(10 * ms, kMain, S::running, 0);
  o.on_gil_acquire(10 * ms, 0, kMain, false);
  o.on_thread_state(11 * ms, kMain, S::finished, 0);
  o.on_gil_release(11 * ms, 0, kMain);
  o.on_end(11 * ms);
}

Time in(const ThreadResult& r, ThreadState s) { return r.time_in[s]; }

bool same(const StateInterval& a, const StateInterval& b) {
  return a.start == b.start && a.end == b.end && a.state == b.state && a.detail == b.detail;
}

TEST_CASE("recorder: time per state adds up to the makespan") {
  Fixture f;
  testing::Fed<Recorder> rec(f.roster);
  drive(rec);
  RunResult r = rec.take();
  CHECK(r.makespan == 11 * ms);
  REQUIRE(r.threads.size() == 2);

  const ThreadResult& m = r.threads[kMain];
  CHECK(m.start == 0);
  CHECK(m.finish == 11 * ms);
  CHECK(in(m, S::running) == 3 * ms);
  CHECK(in(m, S::ready) == 0);
  CHECK(in(m, S::gil_wait) == 5 * ms);
  CHECK(in(m, S::start) == 1 * ms);
  CHECK(in(m, S::join) == 2 * ms);
  CHECK(m.blocked() == 3 * ms);

  const ThreadResult& w = r.threads[kWorker];
  CHECK(w.start == 1 * ms);
  CHECK(w.finish == 10 * ms);
  CHECK(in(w, S::not_started) == 0);  // not part of its life: before start
  CHECK(in(w, S::running) == 8 * ms);
  CHECK(in(w, S::gil_wait) == 1 * ms);
  CHECK(in(w, S::finished) == 0);  // after finish

  // A thread's alive states fill its life exactly.
  for (const ThreadResult& t : r.threads) CHECK(t.time_in.total() == t.finish - t.start);
}

TEST_CASE("recorder: intervals merge identical neighbours and drop zero lengths") {
  Fixture f;
  testing::Fed<Recorder> rec(f.roster);
  drive(rec);
  RunResult r = rec.take();
  std::vector<StateInterval> main_expected = {
      {0, 1 * ms, S::running, 0},        {1 * ms, 2 * ms, S::start, kWorker}, {2 * ms, 7 * ms, S::gil_wait, 0},
      {7 * ms, 8 * ms, S::running, 0},   {8 * ms, 10 * ms, S::join, kWorker}, {10 * ms, 11 * ms, S::running, 0},
  };
  REQUIRE(r.intervals_of(kMain).size() == main_expected.size());
  for (std::size_t i = 0; i < main_expected.size(); ++i) {
    CAPTURE(i);
    CHECK(same(r.intervals_of(kMain)[i], main_expected[i]));
  }
  std::vector<StateInterval> worker_expected = {
      {1 * ms, 7 * ms, S::running, 1}, {7 * ms, 8 * ms, S::gil_wait, 0}, {8 * ms, 10 * ms, S::running, 1}};
  REQUIRE(r.intervals_of(kWorker).size() == worker_expected.size());
  for (std::size_t i = 0; i < worker_expected.size(); ++i) {
    CAPTURE(i);
    CHECK(same(r.intervals_of(kWorker)[i], worker_expected[i]));
  }
}

TEST_CASE("recorder: GIL holders, hand-offs, forced switches, cores") {
  Fixture f;
  testing::Fed<Recorder> rec(f.roster);
  drive(rec);
  RunResult r = rec.take();
  REQUIRE(r.processes.size() == 1);
  const ProcessResult& p = r.processes[0];
  CHECK(p.gil_handoffs == 4);  // the first acquisition is not a hand-off
  CHECK(p.forced_switches == 1);
  CHECK(p.drop_requests == 1);
  CHECK(p.gil_wait == 6 * ms);
  CHECK(p.gil_held == 11 * ms);
  REQUIRE(p.holders.size() == 5);
  CHECK(p.holders[0].holder == kMain);
  CHECK(p.holders[0].end == 1 * ms);
  CHECK(p.holders[1].holder == kWorker);
  CHECK(p.holders[1].start == 1 * ms);
  CHECK(p.holders[1].end == 7 * ms);
  CHECK(p.holders[2].forced);
  CHECK(p.holders[2].start == 7 * ms);
  CHECK(p.holders[4].end == 11 * ms);
  REQUIRE(r.core_busy.size() == 2);
  CHECK(r.core_busy[0] == 3 * ms);
  CHECK(r.core_busy[1] == 8 * ms);
  REQUIRE(r.output.size() == 1);
  CHECK(r.output[0].time == 1 * ms);
  CHECK(r.output[0].text == "hello \"world\"\n");
  CHECK(r.deadlock.empty());
}

TEST_CASE("recorder: concurrency and parallelism curves coalesce same-instant changes") {
  Fixture f;
  testing::Fed<Recorder> rec(f.roster);
  drive(rec);
  RunResult r = rec.take();
  const std::vector<StepPoint> concurrency = {{0, 1}, {1 * ms, 2}, {10 * ms, 1}, {11 * ms, 0}};
  REQUIRE(r.concurrency.curve.size() == concurrency.size());
  for (std::size_t i = 0; i < concurrency.size(); ++i) {
    CHECK(r.concurrency.curve[i].time == concurrency[i].time);
    CHECK(r.concurrency.curve[i].value == concurrency[i].value);
  }
  CHECK(r.concurrency.max == 2);
  CHECK(r.concurrency.average == doctest::Approx(20.0 / 11.0));
  // At 2 ms main is running for an instant while the worker runs: that
  // transient 2 must not show up.
  REQUIRE(r.parallelism.curve.size() == 2);
  CHECK(r.parallelism.curve[0].time == 0);
  CHECK(r.parallelism.curve[0].value == 1);
  CHECK(r.parallelism.curve[1].time == 11 * ms);
  CHECK(r.parallelism.curve[1].value == 0);
  CHECK(r.parallelism.max == 1);
  CHECK(r.parallelism.average == 1.0);
}

TEST_CASE("recorder: a thread that never starts, a deadlock, a GIL held at the end") {
  Fixture f;
  testing::Fed<Recorder> rec(f.roster);
  rec.on_thread_state(0, kMain, S::running, 1);
  rec.on_gil_acquire(0, 0, kMain, false);
  rec.on_thread_state(4, kMain, S::join, kWorker);
  rec.on_deadlock(testing::stuck_join(4, kMain, kWorker, S::not_started));
  rec.on_end(4);
  RunResult r = rec.take();
  CHECK(r.makespan == 4);
  CHECK(r.threads[kWorker].start == -1);
  CHECK(r.threads[kWorker].finish == -1);
  CHECK(r.intervals_of(kWorker).empty());
  CHECK(r.threads[kWorker].time_in.total() == 0);  // never alive
  CHECK(r.threads[kMain].finish == -1);
  // The join it is stuck in for ever is kept, though it began as the run stopped.
  REQUIRE(r.intervals_of(kMain).size() == 2);
  CHECK(r.intervals_of(kMain).back().state == S::join);
  CHECK(r.intervals_of(kMain).back().start == 4);
  CHECK(r.intervals_of(kMain).back().end == 4);
  CHECK(r.processes[0].gil_held == 4);
  CHECK(r.processes[0].holders.size() == 1);
  CHECK(r.processes[0].gil_handoffs == 0);
  REQUIRE(r.deadlock.size() == 1);
  CHECK(r.deadlock[0] == testing::stuck_join(4, kMain, kWorker, S::not_started));
  CHECK(r.core_busy[1] == 4);
  CHECK(r.concurrency.curve.size() == 1);  // {0, 1}, still alive at the end
  CHECK(r.concurrency.average == 1.0);
}

TEST_CASE("recorder: makespan 0 gives averages of 0") {
  Fixture f;
  testing::Fed<Recorder> rec(f.roster);
  rec.on_thread_state(0, kMain, S::running, 0);
  rec.on_thread_state(0, kMain, S::finished, 0);
  rec.on_end(0);
  RunResult r = rec.take();
  CHECK(r.concurrency.average == 0.0);
  CHECK(r.parallelism.average == 0.0);
  CHECK(r.concurrency.max == 0);
  CHECK(r.intervals_of(kMain).empty());
  CHECK(r.threads[kMain].start == 0);
  CHECK(r.threads[kMain].finish == 0);
}

// ---------------------------------------------------------------- detail levels

// Both detail levels watching the same calls.
struct BothDetails : ObserverTee {
  Recorder full, totals;
  explicit BothDetails(const Roster& roster)
      : ObserverTee(full, totals), full(roster, RecorderDetail::full), totals(roster, RecorderDetail::totals) {}
};

// The average and maximum of a curve, worked out from its points alone.
void check_level_from_curve(const LevelSummary& level, Time makespan) {
  REQUIRE(!level.curve.empty());
  Time area = 0;  // small runs: no overflow
  std::uint32_t max = 0;
  for (std::size_t i = 0; i < level.curve.size(); ++i) {
    Time end = i + 1 < level.curve.size() ? level.curve[i + 1].time : makespan;
    area += static_cast<Time>(level.curve[i].value) * (end - level.curve[i].time);
    max = std::max(max, level.curve[i].value);
  }
  CHECK(level.max == max);
  CHECK(level.average == (makespan > 0 ? static_cast<double>(area) / static_cast<double>(makespan) : 0.0));
}

// Every number of `totals` is the same as `full`'s; none of the per-event data is kept.
void check_same_totals(const RunResult& full, const RunResult& totals) {
  CHECK(full.detailed);
  CHECK(!totals.detailed);
  CHECK(totals.makespan == full.makespan);
  REQUIRE(totals.threads.size() == full.threads.size());
  for (std::size_t i = 0; i < full.threads.size(); ++i) {
    CAPTURE(i);
    CHECK(totals.threads[i].start == full.threads[i].start);
    CHECK(totals.threads[i].finish == full.threads[i].finish);
    CHECK(totals.threads[i].time_in == full.threads[i].time_in);
    CHECK(totals.intervals_of(static_cast<ThreadIndex>(i)).empty());
  }
  REQUIRE(totals.processes.size() == full.processes.size());
  for (std::size_t p = 0; p < full.processes.size(); ++p) {
    CAPTURE(p);
    const ProcessResult &a = full.processes[p], &b = totals.processes[p];
    CHECK(b.gil_handoffs == a.gil_handoffs);
    CHECK(b.forced_switches == a.forced_switches);
    CHECK(b.drop_requests == a.drop_requests);
    CHECK(b.gil_wait == a.gil_wait);
    CHECK(b.gil_held == a.gil_held);
    CHECK(b.holders.empty());
  }
  CHECK(totals.core_busy == full.core_busy);
  for (auto [a, b] : {std::pair{&full.concurrency, &totals.concurrency}, std::pair{&full.parallelism, &totals.parallelism}}) {
    CHECK(b->average == a->average);  // the same double, bit for bit
    CHECK(b->max == a->max);
    CHECK(b->curve.empty());
    check_level_from_curve(*a, full.makespan);
  }
  REQUIRE(totals.output.size() == full.output.size());
  for (std::size_t k = 0; k < full.output.size(); ++k) {
    CHECK(totals.output[k].time == full.output[k].time);
    CHECK(totals.output[k].thread == full.output[k].thread);
    CHECK(totals.output[k].text == full.output[k].text);
  }
  REQUIRE(totals.deadlock.size() == full.deadlock.size());
  if (!full.deadlock.empty()) CHECK(totals.deadlock[0] == full.deadlock[0]);
}

void check_both_details(const Roster& roster, const std::function<void(testing::Feed&)>& run) {
  BothDetails both(roster);
  testing::Feed feed(both, roster);
  run(feed);
  check_same_totals(both.full.take(), both.totals.take());
}

TEST_CASE("recorder: totals detail agrees with full detail on hand-made runs") {
  Fixture f;
  SUBCASE("main starts and joins a worker") { check_both_details(f.roster, drive<testing::Feed>); }
  SUBCASE("deadlock with the GIL held at the end") {
    check_both_details(f.roster, [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 1);
      o.on_gil_acquire(0, 0, kMain, false);
      o.on_thread_state(4, kMain, S::join, kWorker);
      o.on_deadlock(testing::stuck_join(4, kMain, kWorker));
      o.on_end(4);
    });
  }
  SUBCASE("makespan 0") {
    check_both_details(f.roster, [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 0);
      o.on_thread_state(0, kMain, S::finished, 0);
      o.on_end(0);
    });
  }
  SUBCASE("a blip to 2 at one instant is not the maximum") {
    auto blip = [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 0);
      o.on_thread_state(3, kWorker, S::running, 1);  // parallelism 2 for no time
      o.on_thread_state(3, kWorker, S::sleep, 0);
      o.on_end(5);
    };
    check_both_details(f.roster, blip);
    Recorder totals(f.roster, RecorderDetail::totals);
    testing::Feed feed(totals, f.roster);
    blip(feed);
    CHECK(totals.take().parallelism.max == 1);
  }
  SUBCASE("the level the run ends in counts, as the curve's last point always has") {
    auto rise_at_end = [](testing::Feed& o) {
      o.on_thread_state(0, kMain, S::running, 0);
      o.on_thread_state(9, kWorker, S::running, 1);  // 2 at the very end
      o.on_deadlock(testing::stuck_join(9, kMain, kWorker));
      o.on_end(9);
    };
    check_both_details(f.roster, rise_at_end);
    Recorder totals(f.roster, RecorderDetail::totals);
    testing::Feed feed(totals, f.roster);
    rise_at_end(feed);
    CHECK(totals.take().parallelism.max == 2);
  }
  SUBCASE("a level that returns to its value within one instant") {
    check_both_details(f.roster, [](testing::Feed& o) {
      o.on_thread_state(2, kMain, S::running, 0);
      o.on_thread_state(5, kMain, S::ready, 0);
      o.on_thread_state(5, kMain, S::running, 1);
      o.on_thread_state(5, kWorker, S::ready, 0);
      o.on_thread_state(5, kWorker, S::finished, 0);
      o.on_thread_state(7, kMain, S::finished, 0);
      o.on_end(8);
    });
  }
}

TEST_CASE("recorder: totals detail agrees with full detail on every shipped scenario") {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(GILSIM_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  for (const std::string& file : files) {
    CAPTURE(file);
    Scenario sc = load_scenario_file(file);
    Roster roster(sc);
    check_both_details(roster, [&](testing::Feed& o) { Simulation(roster, o.observer()).run(); });
  }
}

TEST_CASE("recorder: totals detail agrees with full detail on busier simulated runs") {
  using namespace gilsim::testing;
  std::vector<Scenario> runs;
  // 50 threads, GIL, 3 cores, I/O and compute in odd lengths.
  runs.push_back(scenario(3, {process("app", true, {[] {
                                        ThreadSpec t = thread("w", {repeat(20, {compute(1300), io(700)})});
                                        t.count = 50;
                                        return t;
                                      }()})}));
  // Two processes, one free-threaded, sleeping and native compute on 2 cores.
  runs.push_back(scenario(2, {process("a", false, {[] {
                                        ThreadSpec t = thread("w", {repeat(30, {compute(999), sleep_for(1001)})});
                                        t.count = 7;
                                        return t;
                                      }()}),
                              process("b", true, {thread("n", {repeat(40, {compute(500, false), compute(250)})})})}));
  for (const Scenario& sc : runs) {
    Roster roster(sc);
    check_both_details(roster, [&](testing::Feed& o) { Simulation(roster, o.observer()).run(); });
  }
}

TEST_CASE("events writer: one line per call, exact nanoseconds") {
  Fixture f;
  std::ostringstream out;
  EventsWriter events(out, f.roster);
  testing::Feed writer(events, f.roster);
  drive(writer);
  CHECK(out.str() ==
        "0 app/main ready\n"
        "0 app/main running core=0\n"
        "0 app/main gil_acquire\n"
        "500000 app/main ready\n"
        "500000 app/main running core=0\n"
        "1000000 app/main print \"hello \\\"world\\\"\\n\"\n"
        "1000000 app/worker-1 ready\n"
        "1000000 app/main gil_release\n"
        "1000000 app/main start app/worker-1\n"
        "1000000 app/worker-1 running core=1\n"
        "1000000 app/worker-1 gil_acquire\n"
        "2000000 app/main ready\n"
        "2000000 app/main running core=0\n"
        "2000000 app/main gil_wait\n"
        "2000000 app/main gil_drop_request\n"
        "7000000 app/worker-1 gil_release\n"
        "7000000 app/worker-1 gil_wait\n"
        "7000000 app/main gil_acquire forced\n"
        "7000000 app/main running core=0\n"
        "8000000 app/main join app/worker-1\n"
        "8000000 app/main gil_release\n"
        "8000000 app/worker-1 gil_acquire\n"
        "8000000 app/worker-1 running core=1\n"
        "10000000 app/worker-1 finished\n"
        "10000000 app/worker-1 gil_release\n"
        "10000000 app/main ready\n"
        "10000000 app/main running core=0\n"
        "10000000 app/main gil_acquire\n"
        "11000000 app/main finished\n"
        "11000000 app/main gil_release\n"
        "11000000 end\n");
}

TEST_CASE("events writer: non-ASCII print text and deadlock line") {
  Fixture f;
  std::ostringstream out;
  EventsWriter events(out, f.roster);
  testing::Feed writer(events, f.roster);
  writer.on_print(10, kMain, "caf\xc3\xa9\tx");
  writer.on_deadlock(testing::stuck_join(12, kMain, kWorker));
  writer.on_end(12);
  CHECK(out.str() ==
        "10 app/main print \"caf\\u00e9\\tx\"\n12 deadlock \"deadlock at 12 ns: app/main waits to join app/worker-1\"\n12 "
        "end\n");
}

}  // namespace
}  // namespace gilsim

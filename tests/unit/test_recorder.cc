#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "feed.h"
#include "model/roster.h"
#include "model/simulation.h"
#include "model_fixture.h"
#include "recorder_fixture.h"
#include "report/recorder.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

using namespace recorder_test;  // NOLINT: the fixture's names read as the run's

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

}  // namespace
}  // namespace gilsim

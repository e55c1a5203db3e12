// Edge cases of the primitives found in review (issue #8): a program error
// that leaves only never-started threads, zero timeouts, stale event waiters,
// queue capacity with waiting getters, forwarding $work, stuck-thread wording.

#include <doctest/doctest.h>

#include <string>

#include "model/roster.h"
#include "model/simulation.h"
#include "report/recorder.h"
#include "scenario/loader.h"
#include "sync_fixture.h"

namespace gilsim {
namespace {

using testing::SyncRun;
constexpr Time ms = kMillisecond;

}  // namespace

TEST_CASE("program error: threads that never started because their starter died make no deadlock") {
  // main dies at 1 ms releasing an unheld lock, before its start (t2) or spawn (child) step:
  // t2 and child never start. Nothing is blocked: just the program error.
  SyncRun start(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "threads": [
    {"name": "main", "steps": [{"compute": "1ms"}, {"release": "L"}, {"start": "t2"}, {"join": "t2"}]},
    {"name": "t2", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK(start.outcome.program_error);
  CHECK(!start.outcome.deadlock);
  CHECK(start.result.deadlock.empty());
  SyncRun spawn(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "threads": [
    {"name": "main", "steps": [{"compute": "1ms"}, {"release": "L"}, {"spawn": "child"}, {"wait": "child"}]}]},
    {"name": "child", "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK(spawn.outcome.program_error);
  CHECK(!spawn.outcome.deadlock);
  CHECK(spawn.result.makespan == 1 * ms);
}

}  // namespace gilsim

namespace gilsim {

TEST_CASE("event: a wait with timeout 0 returns at once and keeps the GIL") {
  // One core. t polls E (not set) with timeout 0 at time 0: it returns at once, keeping the
  // GIL and its core, and prints "0ns"; u computes 0..1 ms only after t finished at 0.
  SyncRun run(R"({"name": "x", "timer_slack": "50us", "processes": [{"name": "app", "events": ["E"], "threads": [
    {"name": "t", "steps": [{"wait": "E", "timeout": "0ns"}, {"print": "{time}"}]},
    {"name": "u", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK(run.finish(0) == 0);
  CHECK(run.in(0, ThreadState::event_wait) == 0);
  CHECK(run.result.syncs[0].waits == 0);
  CHECK(run.result.threads[0].voluntary == 0);  // never left its core
  REQUIRE(run.result.output.size() == 1);
  CHECK(run.result.output[0].text == "0ns");
  CHECK(run.finish(1) == 1 * ms);
}

}  // namespace gilsim

namespace gilsim {

TEST_CASE("event: timed-out waits leave no entries behind, the live waiter is still woken") {
  // a waits on E without a timeout from 0; b polls E 1000 times with a 1us timeout (no GIL
  // contention worth counting: a is blocked); c sets E at 5 ms, waking a (b's polls ended at
  // about 1 ms). Without dropping, E would keep a's entry plus b's 1000 stale ones until the set;
  // the run is checked stopped just before the set (max-time), where at most a's and a few stale
  // entries remain.
  const std::string json = R"({"name": "x", "processes": [{"name": "app", "events": ["E"], "threads": [
    {"name": "a", "steps": [{"wait": "E"}, {"print": "a woke {time}"}]},
    {"name": "b", "steps": [{"repeat": 1000, "steps": [{"wait": "E", "timeout": "1us"}]}]},
    {"name": "c", "steps": [{"io": "5ms"}, {"set": "E"}]}]}]})";
  Scenario scenario = load_scenario_text(json, "s.json");
  Roster roster(scenario);
  Recorder recorder(roster, RecorderDetail::totals);
  Simulation sim(roster, recorder);
  RunLimits limits;
  limits.max_time = 4 * ms;
  sim.run(limits);
  CHECK(sim.waiter_entries(0) >= 1);  // a's
  CHECK(sim.waiter_entries(0) <= 2);  // a's and at most one stale entry of b's (half of them)

  SyncRun run(json);
  CHECK(!run.outcome.deadlock);
  REQUIRE(run.result.output.size() == 1);
  CHECK(run.result.output[0].text == "a woke 5ms");
}

}  // namespace gilsim

namespace gilsim {

TEST_CASE("queue: an item handed to a waiting getter takes room until the getter runs") {
  // One core, Queue(maxsize=1), three getters waiting when main puts 4 items of 1 ms.
  // 0: put 1 goes to cons-1 (it takes the room until cons-1 runs); put 2 finds the queue full
  // and blocks (Python: the item is still in the queue). cons-1 runs at 0, returns from get: main's
  // item 2 goes to cons-2; cons-1 computes 0..1 holding the GIL. cons-2 runs 1..2. 2: main puts
  // item 3 (to cons-3) and blocks on item 4; cons-3 runs at 2, item 4 enters the queue, main is
  // ready and prints at 3, after cons-3's compute 2..3.
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "queues": {"Q": {"maxsize": 1}}, "threads": [
    {"name": "main", "steps": [{"start": "cons"}, {"put": "Q", "work": "1ms"}, {"put": "Q", "work": "1ms"},
      {"put": "Q", "work": "1ms"}, {"put": "Q", "work": "1ms"}, {"print": "all put at {time}"}, {"join": "cons"}]},
    {"name": "cons", "count": 3, "steps": [{"get": "Q"}, {"compute": "$work"}]}]}]})");
  const SyncResult& Q = run.result.syncs[0];
  CHECK(Q.waits == 3 + 2);  // three gets, two puts
  CHECK(Q.peak <= 1);
  REQUIRE(run.result.output.size() == 1);
  CHECK(run.result.output[0].text == "all put at 3ms");
  CHECK(run.result.output[0].time == 3 * ms);
}

}  // namespace gilsim

namespace gilsim {

TEST_CASE("queue: a put of $work forwards the work of the item last got (pipeline stages)") {
  // One core. src puts 1 ms and 2 ms on A at 0. mid: 2 x [get A, put B $work]; B holds one item,
  // so mid's second put (2 ms) waits until dst, after io 0..5, gets the first (1 ms) at 5 and lets
  // it in. dst computes 5..6 and, without leaving its core, 6..8: it finishes at 8 (at 6 if the
  // forwarded work were lost).
  SyncRun run(R"({"name": "x", "processes": [{"name": "app", "queues": {"A": {}, "B": {"maxsize": 1}}, "threads": [
    {"name": "src", "steps": [{"put": "A", "work": "1ms"}, {"put": "A", "work": "2ms"}]},
    {"name": "mid", "steps": [{"repeat": 2, "steps": [{"get": "A"}, {"put": "B", "work": "$work"}]}]},
    {"name": "dst", "steps": [{"io": "5ms"}, {"repeat": 2, "steps": [{"get": "B"}, {"compute": "$work"}]}]}]}]})");
  CHECK(run.finish(2) == 8 * ms);
  CHECK(run.in(1, ThreadState::queue_wait) == 5 * ms);  // mid's second put, 0..5
}

}  // namespace gilsim

namespace gilsim {

TEST_CASE("deadlock: a stuck event wait does not claim that no thread sets the event") {
  // t1 waits for E holding L; t2, which would set E, waits for L; t3 waits for t2's put.
  SyncRun run(R"({"name": "x", "cores": 2, "processes": [{"name": "app", "locks": ["L"], "events": ["E"],
    "queues": ["Q"], "threads": [
    {"name": "t1", "steps": [{"with": "L", "steps": [{"wait": "E"}]}]},
    {"name": "t2", "steps": [{"io": "1ms"}, {"with": "L", "steps": [{"set": "E"}, {"put": "Q"}]}]},
    {"name": "t3", "steps": [{"get": "Q"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 1.000 ms: app/t1 holds L and waits for event E, which was not set before every thread blocked; "
        "app/t2 waits for L (held by app/t1); "
        "app/t3 waits to get from queue Q, which was empty when every thread blocked");
}

}  // namespace gilsim

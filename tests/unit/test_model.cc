// Exact-number tests of the scheduler and the GIL, on scenarios built in code.
#include <doctest/doctest.h>

#include "model_fixture.h"

using namespace gilsim;
using namespace gilsim::testing;

constexpr Time ms = kMillisecond;

TEST_CASE("two CPU-bound threads of one GIL process on 2 cores take as long as one after the other") {
  Run run(scenario(2, {process("app", true, {thread("a", {compute(100 * ms)}), thread("b", {compute(100 * ms)})})}));
  // The GIL alternates every switch interval (5 ms): a runs [0,5), b [5,10), ...
  // a needs 20 slices and finishes at 195 ms; b has 5 ms left then.
  CHECK(run.outcome.end == 200 * ms);
  CHECK(run.watcher.finish["app/a"] == 195 * ms);
  CHECK(run.watcher.finish["app/b"] == 200 * ms);
  CHECK(run.watcher.running["app/a"] == 100 * ms);
  CHECK(run.watcher.running["app/b"] == 100 * ms);
  CHECK(run.watcher.max_running == 1);
  // Drops on request at 5, 10, ..., 190 ms; at 195 a finishes and hands over.
  CHECK(run.watcher.forced == 38);
  CHECK(run.watcher.requests == 38);
}

TEST_CASE("the same threads without a GIL run in parallel") {
  Run run(scenario(2, {process("app", false, {thread("a", {compute(100 * ms)}), thread("b", {compute(100 * ms)})})}));
  CHECK(run.outcome.end == 100 * ms);
  CHECK(run.watcher.max_running == 2);
  CHECK(run.watcher.acquisitions == 0);
}

TEST_CASE("two processes each with their own GIL run in parallel") {
  Run run(scenario(2, {process("p1", true, {thread("main", {compute(100 * ms)})}),
                       process("p2", true, {thread("main", {compute(100 * ms)})})}));
  CHECK(run.outcome.end == 100 * ms);
  CHECK(run.watcher.max_running == 2);
}

TEST_CASE("convoy effect: an I/O thread beside a CPU thread pays one switch interval per round") {
  auto make = [](Time interval) {
    Scenario s = scenario(2, {process("app", true, {thread("io", {repeat(10, {io(1 * ms), compute(0)})}),
                                                    thread("cpu", {compute(1000 * ms)})})});
    s.gil.switch_interval = interval;
    return s;
  };
  // Each round: 1 ms of I/O, then the GIL is held by the CPU thread: the I/O
  // thread waits one full interval, asks for the drop and gets the GIL.
  Run five(make(5 * ms));
  CHECK(five.watcher.finish["app/io"] == 10 * (1 + 5) * ms);
  Run one(make(1 * ms));
  CHECK(one.watcher.finish["app/io"] == 10 * (1 + 1) * ms);
  // Alone, it needs only its I/O time.
  Run alone(scenario(2, {process("app", true, {thread("io", {repeat(10, {io(1 * ms), compute(0)})})})}));
  CHECK(alone.watcher.finish["app/io"] == 10 * ms);
}

TEST_CASE("native code that releases the GIL runs in parallel with Python code") {
  Run run(scenario(2, {process("app", true, {thread("hash", {compute(100 * ms, false)}),
                                             thread("py", {compute(100 * ms)})})}));
  CHECK(run.outcome.end == 100 * ms);
  CHECK(run.watcher.max_running == 2);
}

TEST_CASE("native code has a state of its own: on a core, without the GIL, counted as running time") {
  // One core: Python 1 ms, native 3 ms preempted by the quantum of 2 ms and
  // resumed as native, then Python again; the other thread computes 2 ms.
  Scenario s = scenario(1, {process("app", true, {thread("c", {compute(1 * ms), compute(3 * ms, false), compute(1 * ms)}),
                                                  thread("py", {compute(2 * ms)})})});
  s.scheduler.quantum = 2 * ms;
  Run run(std::move(s));
  const std::vector<std::string> expected = {
      "0 app/c ready",     "0 app/py ready",   "0 app/c running",  "1000000 app/c native",
      "2000000 app/c ready", "2000000 app/py running", "4000000 app/py finished", "4000000 app/c native",
      "6000000 app/c running", "7000000 app/c finished"};
  CHECK(run.watcher.log == expected);
  CHECK(run.watcher.running["app/c"] == 5 * ms);  // Python and native: time on a core
}

TEST_CASE("a zero-length native call (a print's write at no cost) shows no state of its own") {
  Run run(scenario(1, {process("app", true, {thread("c", {compute(1 * ms), compute(0, false), compute(1 * ms)})})}));
  const std::vector<std::string> expected = {"0 app/c ready", "0 app/c running", "2000000 app/c finished"};
  CHECK(run.watcher.log == expected);
}

TEST_CASE("round robin: a FIFO ready queue and a fixed quantum") {
  Scenario s = scenario(1, {process("app", false, {thread("a", {compute(20 * ms)}), thread("b", {compute(20 * ms)}),
                                                   thread("c", {compute(20 * ms)})})});
  Run run(std::move(s));
  // a [0,10) b [10,20) c [20,30) a [30,40) b [40,50) c [50,60)
  CHECK(run.watcher.finish["app/a"] == 40 * ms);
  CHECK(run.watcher.finish["app/b"] == 50 * ms);
  CHECK(run.watcher.finish["app/c"] == 60 * ms);
}

TEST_CASE("a thread alone keeps its core past the quantum") {
  Run run(scenario(1, {process("app", false, {thread("a", {compute(35 * ms)})})}));
  CHECK(run.outcome.end == 35 * ms);
  CHECK(run.watcher.log.size() == 3);  // ready, running, finished
}

TEST_CASE("RR-1e3: 1000 threads, 4 cores, 1 ms quantum, 50 x (compute 1 ms, sleep 1 ms)") {
  ThreadSpec worker = thread("w", {repeat(50, {compute(1 * ms), sleep_for(1 * ms)})});
  worker.count = 1000;
  Scenario s = scenario(4, {process("app", false, {worker})});
  s.scheduler.quantum = 1 * ms;
  Run run(std::move(s));
  // 50 s of work on 4 cores is 12.5 s; the last thread's final sleep adds 1 ms.
  CHECK(run.outcome.end == 12'501 * ms);
  // The benchmark's unit of work (docs/performance.md): per thread, ready and
  // running once, then 50 x (sleep, ready, running) and finished = 153.
  CHECK(run.watcher.log.size() == 153'000);
  CHECK(run.outcome.events == 100'000);  // a compute end and a wake per round
}

TEST_CASE("WIDE at a small size: as many cores as threads, nobody ever waits for a core") {
  ThreadSpec worker = thread("w", {repeat(50, {compute(1 * ms), sleep_for(1 * ms)})});
  worker.count = 1000;
  Scenario s = scenario(1000, {process("app", false, {worker})});
  Run run(std::move(s));
  CHECK(run.outcome.end == 100 * ms);
  CHECK(run.watcher.log.size() == 153'000);
  CHECK(run.outcome.events == 100'000);
  CHECK(run.watcher.max_running == 1000);
}

TEST_CASE("start: the new thread runs first, active_count counts it") {
  // The tutorial's some_func without join.
  Scenario s = scenario(1, {process("app", true, {
      thread("main", {start(1), print({lit("active "), active()})}),
      thread("t1", {print({lit("running")}), sleep_for(2 * kSecond), print({lit("finished")})}, true)})});
  Run run(std::move(s));
  CHECK(run.watcher.output == std::vector<std::string>{"0 t1: running", "0 main: active 2",
                                                       "2000000000 t1: finished"});
  CHECK(run.outcome.end == 2 * kSecond);
}

TEST_CASE("join waits for the thread to finish") {
  Scenario s = scenario(1, {process("app", true, {
      thread("main", {start(1), join(1), print({lit("active "), active()})}),
      thread("t1", {print({lit("running")}), sleep_for(2 * kSecond), print({lit("finished")})}, true)})});
  Run run(std::move(s));
  CHECK(run.watcher.output == std::vector<std::string>{"0 t1: running", "2000000000 t1: finished",
                                                       "2000000000 main: active 1"});
}

TEST_CASE("loop variables count with from and step") {
  Scenario s = scenario(1, {process("app", true, {thread("main", {repeat(3, {print({var("i")})}, "i", 10, -2)})})});
  Run run(std::move(s));
  CHECK(run.watcher.output == std::vector<std::string>{"0 main: 10", "0 main: 8", "0 main: 6"});
}

TEST_CASE("joining a finished thread does not block") {
  Scenario s = scenario(2, {process("app", true, {thread("main", {sleep_for(10 * ms), join(1), compute(1 * ms)}),
                                                  thread("t", {compute(1 * ms)})})});
  Run run(std::move(s));
  CHECK(run.outcome.end == 11 * ms);
  CHECK(!run.outcome.deadlock);
}

TEST_CASE("two threads joining each other deadlock, and the report names the cycle") {
  Scenario s = scenario(2, {process("app", true, {thread("main", {join(1)}),
                                                  thread("a", {compute(1 * ms), join(2)}),
                                                  thread("b", {compute(2 * ms), join(1)})})});
  Run run(std::move(s));
  REQUIRE(run.outcome.deadlock);
  CHECK(run.deadlock_text() ==
        "deadlock at 3.000 ms: app/a waits to join app/b; app/b waits to join app/a; "
        "also stuck: app/main waits to join app/a");
}

TEST_CASE("a loop of steps that take no time is stopped by the event limit") {
  Scenario s = scenario(1, {process("app", true, {thread("main", {repeat(1'000'000'000'000, {print({lit("x")})})})})});
  Roster roster(s);
  Watcher watcher(roster);
  RunLimits limits;
  limits.max_events = 1000;
  Outcome outcome = Simulation(roster, watcher).run(limits);
  CHECK(outcome.stop == RunStop::event_limit);
  CHECK(watcher.output.size() < 1000);
  CHECK(watcher.end == 0);
}

TEST_CASE("simulated time that would overflow stops the run instead of wrapping") {
  Scenario s = scenario(1, {process("app", true, {thread("main", {sleep_for(kTimeMax - 5), sleep_for(kTimeMax - 5)})})});
  Roster roster(s);
  Watcher watcher(roster);
  Outcome outcome = Simulation(roster, watcher).run();
  CHECK(outcome.stop == RunStop::time_overflow);
}

TEST_CASE("a thread that must drop the GIL the moment it is placed on a core loses no work") {
  // One core. a (process p1) holds p1's GIL and is preempted at 10 ms with
  // 90 ms left; b (p1) then waits for the GIL and asks for the drop at 15 ms
  // while a sits in the ready queue behind x (p2). At 20 ms a is placed on the
  // core and drops at once: none of its 90 ms may be lost, so the core is busy
  // for exactly 300 ms (found by the fuzzer: a was charged its time in the queue).
  Run run(scenario(1, {process("p1", true, {thread("a", {compute(100 * ms)}), thread("b", {compute(100 * ms)})}),
                       process("p2", true, {thread("x", {compute(100 * ms)})})}));
  CHECK(run.outcome.end == 300 * ms);
  CHECK(run.watcher.running["p1/a"] == 100 * ms);
  CHECK(run.watcher.running["p1/b"] == 100 * ms);
  CHECK(run.watcher.running["p2/x"] == 100 * ms);
}

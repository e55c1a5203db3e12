// Exact-number tests of the scheduling policies and the machine's costs, on
// small scenarios worked out by hand (the calculation is in each comment).
#include <doctest/doctest.h>

#include "model_fixture.h"
#include "report/recorder.h"

using namespace gilsim;
using namespace gilsim::testing;

namespace {

constexpr Time ms = kMillisecond;
constexpr Time us = kMicrosecond;

Scenario with_policy(Scenario s, SchedulerPolicy policy) {
  s.scheduler.policy = policy;
  return s;
}

ThreadSpec prioritised(ThreadSpec t, std::int32_t priority) {
  t.os.priority = priority;
  return t;
}

// A run recorded the way the reports see it.
struct Recorded {
  Scenario scenario;
  Roster roster;
  RunResult result;
  Outcome outcome;
  explicit Recorded(Scenario s) : scenario(std::move(s)), roster(scenario) {
    Recorder recorder(roster);
    outcome = Simulation(roster, recorder).run();
    result = recorder.take();
  }
  const ThreadResult& thread(ThreadIndex t) const { return result.threads[t]; }
};

}  // namespace

TEST_CASE("fifo: a thread keeps its core until it finishes") {
  // One core: a [0,30) b [30,50). Round robin (10 ms) would interleave:
  // a [0,10) b [10,20) a [20,30) b [30,40) a [40,50).
  Scenario s = scenario(1, {process("app", false, {thread("a", {compute(30 * ms)}), thread("b", {compute(20 * ms)})})});
  Run fifo(with_policy(s, SchedulerPolicy::fifo));
  CHECK(fifo.watcher.finish["app/a"] == 30 * ms);
  CHECK(fifo.watcher.finish["app/b"] == 50 * ms);
  Run rr(s);
  CHECK(rr.watcher.finish["app/a"] == 50 * ms);
  CHECK(rr.watcher.finish["app/b"] == 40 * ms);
}

TEST_CASE("priority: a woken higher priority preempts at once") {
  // low [0,5); high wakes at 5 and preempts: high [5,15); low [15,40).
  Scenario s = scenario(1, {process("app", false, {prioritised(thread("low", {compute(30 * ms)}), 1),
                                                   prioritised(thread("high", {sleep_for(5 * ms), compute(10 * ms)}), 5)})});
  Recorded run(with_policy(s, SchedulerPolicy::priority));
  CHECK(run.result.threads[1].finish == 15 * ms);
  CHECK(run.result.threads[0].finish == 40 * ms);
  CHECK(run.thread(0).preemptions == 1);
  CHECK(run.thread(0).response_total == 10 * ms);  // ready [5,15)
  CHECK(run.thread(1).response_total == 0);        // it never waits for a core
  CHECK(run.thread(1).voluntary == 1);             // its sleep
}

TEST_CASE("priority: the preempted thread goes back to the head of its level, a level round-robins") {
  // Quantum 10. a [0,5); h wakes at 5 and runs [5,7); a goes to the head of
  // level 1, before b: a [7,17) with a fresh quantum (15 of its 20 done);
  // b waits at its level: a to the tail, b [17,27), a [27,32), b [32,42).
  Scenario s = scenario(1, {process("app", false, {prioritised(thread("a", {compute(20 * ms)}), 1),
                                                   prioritised(thread("b", {compute(20 * ms)}), 1),
                                                   prioritised(thread("h", {sleep_for(5 * ms), compute(2 * ms)}), 5)})});
  Run run(with_policy(s, SchedulerPolicy::priority));
  CHECK(run.watcher.finish["app/h"] == 7 * ms);
  CHECK(run.watcher.finish["app/a"] == 32 * ms);
  CHECK(run.watcher.finish["app/b"] == 42 * ms);
}

TEST_CASE("priority: without aging a low priority starves, aging lets it in") {
  // hi (priority 2) computes 100 ms; lo (priority 0) 5 ms. Without aging lo
  // runs only when hi is done: 100 + 5. With aging 10 ms, lo ranks
  // 0 + waited / 10 ms: at the quantum end at 10 ms it ranks 1 < 2, at 20 ms
  // it ranks 2 >= 2 and takes the core: lo [20,25), hi done at 105.
  Scenario s = with_policy(scenario(1, {process("app", false, {prioritised(thread("hi", {compute(100 * ms)}), 2),
                                                               thread("lo", {compute(5 * ms)})})}),
                           SchedulerPolicy::priority);
  Run starved(s);
  CHECK(starved.watcher.finish["app/lo"] == 105 * ms);
  s.scheduler.aging = 10 * ms;
  Run aged(s);
  CHECK(aged.watcher.finish["app/lo"] == 25 * ms);
  CHECK(aged.watcher.finish["app/hi"] == 105 * ms);
}

TEST_CASE("cfs: equal weights share the core in slices of latency / n") {
  // One core: latency 6 ms, min_granularity 0.75 ms (factor 1). Two runnable
  // threads of weight 1024: slices of 6 x 1024 / 2048 = 3 ms. Ties keep the
  // running thread. a [0,3) vr 3; b [3,9) (at 6 a's 3 is not less than b's 3)
  // vr 6; a [9,15) vr 9 (at 12: b's 6 < a's 6? no); b [15,21): done (12 ms);
  // a alone [21,24): done.
  Scenario s = scenario(1, {process("app", false, {thread("a", {compute(12 * ms)}), thread("b", {compute(12 * ms)})})});
  Recorded run(with_policy(s, SchedulerPolicy::cfs));
  CHECK(run.result.threads[1].finish == 21 * ms);
  CHECK(run.result.threads[0].finish == 24 * ms);
  CHECK(run.thread(0).preemptions == 2);  // at 3 and 15
  CHECK(run.thread(1).preemptions == 1);  // at 9
  CHECK(run.thread(0).response_total == 12 * ms);  // ready [3,9) and [15,21)
  CHECK(run.thread(1).response_total == 9 * ms);   // ready [0,3) and [9,15)
  CHECK(run.thread(1).response_max == 6 * ms);
}

TEST_CASE("cfs: a sleeper is placed at min_vruntime - latency/2 and preempts the hog") {
  // Factor 1: latency 6, wakeup_granularity 1. hog computes 50, sleeper
  // sleeps 20 then computes 10. hog [0,3) (slice 3); sleeper [3,3) sleeps
  // until 23; hog alone, slices of 6: accounted at 9, 15, 21 (min_vruntime 21).
  // At 23 the sleeper's vruntime becomes max(0, 21 - 3) = 18; the hog's is 23:
  // 23 - 18 > 1, so it preempts. sleeper [23,29) (at 26 its vr 21 < hog's 23;
  // at 29 24 > 23), hog [29,32) vr 26, sleeper [32,35) vr 27, hog [35,38) vr
  // 29, sleeper [38,39) done; hog has 50 - 29 = 21 left: done at 60.
  // Placed at 0 instead (no placement), it would have run [23,29+) until its
  // vruntime passed the hog's 23: to 46.
  Scenario s = scenario(1, {process("app", false, {thread("hog", {compute(50 * ms)}),
                                                   thread("sleeper", {sleep_for(20 * ms), compute(10 * ms)})})});
  Recorded run(with_policy(s, SchedulerPolicy::cfs));
  CHECK(run.result.threads[1].finish == 39 * ms);
  CHECK(run.result.threads[0].finish == 60 * ms);
  CHECK(run.thread(1).response_total == 3 * ms + 0 + 3 * ms + 3 * ms);  // [0,3), [29,32), [35,38)
}

TEST_CASE("cfs: nice 5 gets about a third of nice 0's share") {
  // Weights 1024 and 335: while both run, the nice-5 thread gets 335 / 1359
  // of the core. When the nice-0 thread has run 100 ms the other has run
  // 100 x 335 / 1024 = 32.7 ms, give or take one slice (at most 4.5 ms).
  ThreadSpec a = thread("a", {compute(100 * ms)});
  ThreadSpec b = thread("b", {compute(100 * ms)});
  b.os.nice = 5;
  Recorded run(with_policy(scenario(1, {process("app", false, {a, b})}), SchedulerPolicy::cfs));
  Time a_done = run.result.threads[0].finish;
  Time b_share = a_done - 100 * ms;
  CHECK(b_share > 32 * ms - 5 * ms);
  CHECK(b_share < 33 * ms + 5 * ms);
  CHECK(nice_weight(0) == 1024);
  CHECK(nice_weight(5) == 335);
  CHECK(nice_weight(-20) == 88761);
  CHECK(nice_weight(19) == 15);
}

TEST_CASE("cfs defaults scale with log2 of the cores, up to 8") {
  CHECK(cfs_factor(1) == 1);
  CHECK(cfs_factor(2) == 2);
  CHECK(cfs_factor(3) == 2);
  CHECK(cfs_factor(4) == 3);
  CHECK(cfs_factor(8) == 4);
  CHECK(cfs_factor(64) == 4);
  SchedulerSpec spec;
  CfsTunables four = cfs_tunables(spec, 4);
  CHECK(four.latency == 18 * ms);
  CHECK(four.min_granularity == 2250 * us);
  CHECK(four.wakeup_granularity == 3 * ms);
  // A short explicit latency caps the default granularity: 8 cores would give 3 ms.
  spec.latency = 2 * ms;
  CHECK(cfs_tunables(spec, 8).min_granularity == 2 * ms);
}

TEST_CASE("context switch: the core pays it before a different thread runs, not when the same one returns") {
  // cs 1 ms, one core, quantum 10. a: switch [0,1), runs [1,11). b: switch
  // [11,12), runs [12,22). Overhead 2 ms; a waited 1 ms, b 12 ms.
  Scenario s = scenario(1, {process("app", false, {thread("a", {compute(10 * ms)}), thread("b", {compute(10 * ms)})})});
  s.scheduler.context_switch = 1 * ms;
  Recorded run(s);
  CHECK(run.outcome.end == 22 * ms);
  CHECK(run.result.core_overhead[0] == 2 * ms);
  CHECK(run.thread(0).response_total == 1 * ms);
  CHECK(run.thread(1).response_total == 12 * ms);
  CHECK(run.result.core_busy[0] == 20 * ms);  // running time excludes the overhead

  // Alone: switch [0,1), run [1,6), sleep to 11, back on its own core at no cost: [11,16).
  Scenario alone = scenario(1, {process("app", false, {thread("a", {compute(5 * ms), sleep_for(5 * ms), compute(5 * ms)})})});
  alone.scheduler.context_switch = 1 * ms;
  Recorded again(alone);
  CHECK(again.outcome.end == 16 * ms);
  CHECK(again.result.core_overhead[0] == 1 * ms);
}

TEST_CASE("timer slack makes every sleep that much longer, I/O unchanged") {
  Scenario s = scenario(1, {process("app", false, {thread("a", {sleep_for(1 * ms), io(1 * ms), sleep_for(1 * ms)})})});
  s.timer_slack = 50 * us;
  Run run(std::move(s));
  CHECK(run.outcome.end == 3 * ms + 2 * 50 * us);
}

TEST_CASE("affinity: threads run only on their cores, and a free core takes a thread that may use it") {
  // Two cores. a and b may use core 1 only, c any core. a on 1, b waits
  // (core 0 is not allowed), c on 0 [0,5). Quantum 10 on core 1: a [0,10),
  // b [10,20), a [20,30), b [30,40), while core 0 idles after 5.
  ThreadSpec a = thread("a", {compute(20 * ms)});
  ThreadSpec b = thread("b", {compute(20 * ms)});
  a.os.cpus = b.os.cpus = {1};
  Recorded run(scenario(2, {process("app", false, {a, b, thread("c", {compute(5 * ms)})})}));
  CHECK(run.result.threads[0].finish == 30 * ms);
  CHECK(run.result.threads[1].finish == 40 * ms);
  CHECK(run.result.threads[2].finish == 5 * ms);
  CHECK(run.result.core_busy[0] == 5 * ms);
  CHECK(run.result.core_busy[1] == 40 * ms);
  CHECK(run.thread(0).migrations == 0);
}

TEST_CASE("affinity keeps FIFO order across queues") {
  // One free core at a time: x (any core) is ahead of y (core 0 only) in
  // the queue, so when core 0 frees at 10 x takes it, then y at 20.
  ThreadSpec y = thread("y", {compute(10 * ms)});
  y.os.cpus = {0};
  Scenario s = scenario(2, {process("app", false, {thread("p", {compute(10 * ms)}), thread("q", {compute(30 * ms)}),
                                                   thread("x", {compute(10 * ms)}), y})});
  s.scheduler.policy = SchedulerPolicy::fifo;
  Run run(std::move(s));
  CHECK(run.watcher.finish["app/x"] == 20 * ms);
  CHECK(run.watcher.finish["app/y"] == 30 * ms);
}

TEST_CASE("spawn costs the parent start_cost, then the child starts, wait blocks until it finishes") {
  // Two cores. parent: start cost [0,5) on core 0, spawns child at 5 (child on
  // core 1, [5,15)), waits until 15, prints.
  ProcessSpec child = process("child", true, {thread("main", {compute(10 * ms)})});
  child.start_cost = 5 * ms;
  child.spawned_by_step = true;
  Step spawn;
  spawn.kind = StepKind::spawn;
  spawn.process.thread = 1;
  Step wait = spawn;
  wait.kind = StepKind::wait;
  Scenario s = scenario(2, {process("parent", true, {thread("main", {spawn, wait, print({lit("done")})})}), child});
  Recorded run(std::move(s));
  CHECK(run.result.threads[1].start == 5 * ms);
  CHECK(run.result.threads[1].finish == 15 * ms);
  CHECK(run.result.output.size() == 1);
  CHECK(run.result.output[0].time == 15 * ms);
  CHECK(run.thread(0).time_in[ThreadState::process_wait] == 10 * ms);
}

// Exact-number tests of scheduling corner cases found in review (issue #7):
// wake-ups during a context switch, affinity and core choice, cfs slices and
// min_vruntime on several cores. Each calculation is in its comment.
#include <doctest/doctest.h>

#include "model_fixture.h"

using namespace gilsim;
using namespace gilsim::testing;

namespace {

constexpr Time ms = kMillisecond;
constexpr Time us = kMicrosecond;

ThreadSpec prioritised(ThreadSpec t, std::int32_t priority) {
  t.os.priority = priority;
  return t;
}

}  // namespace

TEST_CASE("priority: a thread that wakes while its victim's core is mid-switch preempts when the switch ends") {
  // 1 core, context switch 100 us, quantum 10 ms. H (prio 5) switch [0,0.1),
  // runs at 0.1 and sleeps 50 us; the core switches to L (prio 1) [0.1,0.2).
  // H wakes at 0.15, mid-switch: it preempts when the switch ends at 0.2,
  // switch [0.2,0.3), H runs [0.3,1.3). (It used to lose the preemption and
  // wait for L's quantum: H at 10.3, done at 11.3.) L: 0.1 of switch, then
  // [1.4, 21.4) after the switch back [1.3,1.4).
  Scenario s = scenario(1, {process("p", false, {prioritised(thread("H", {sleep_for(50 * us), compute(1 * ms)}), 5),
                                                 prioritised(thread("L", {compute(20 * ms)}), 1)})});
  s.scheduler.policy = SchedulerPolicy::priority;
  s.scheduler.context_switch = 100 * us;
  Run run(std::move(s));
  CHECK(run.watcher.finish["p/H"] == 1300 * us);
  CHECK(run.watcher.finish["p/L"] == 21400 * us);
}

TEST_CASE("priority: a woken thread preempts a lower one on a core that is not mid-switch") {
  // 2 cores, cs 100 us. H (prio 5) on core 0 and A (prio 1) on core 1 both
  // switch [0,0.1) and run at 0.1; H sleeps 50 us, core 0 switches to B
  // (prio 1) [0.1,0.2). H wakes at 0.15: core 0 (B, prio 1) is mid-switch,
  // core 1 (A, prio 1) is not: H preempts A, switch [0.15,0.25), H runs
  // [0.25,1.25).
  Scenario s = scenario(2, {process("p", false, {prioritised(thread("H", {sleep_for(50 * us), compute(1 * ms)}), 5),
                                                 prioritised(thread("A", {compute(20 * ms)}), 1),
                                                 prioritised(thread("B", {compute(20 * ms)}), 1)})});
  s.scheduler.policy = SchedulerPolicy::priority;
  s.scheduler.context_switch = 100 * us;
  Run run(std::move(s));
  CHECK(run.watcher.finish["p/H"] == 1250 * us);
}

TEST_CASE("affinity: an unrestricted thread leaves a pinned waiter its core") {
  // 2 cores. X (any core) is first in the queue, P may use core 0 only. X
  // used to take core 0 (the lowest idle), so P waited [0,10) while core 1
  // idled: makespan 20. Core 0 is kept for P: X on core 1, P on core 0, both
  // [0,10). Same under fifo with X computing 100 (P used to wait until 100).
  for (SchedulerPolicy policy : {SchedulerPolicy::round_robin, SchedulerPolicy::fifo, SchedulerPolicy::priority,
                                 SchedulerPolicy::cfs}) {
    CAPTURE(policy_name(policy));
    ThreadSpec p = thread("P", {compute(10 * ms)});
    p.os.cpus = {0};
    Scenario s = scenario(2, {process("p", false, {thread("X", {compute(100 * ms)}), p})});
    s.scheduler.policy = policy;
    Run run(std::move(s));
    CHECK(run.watcher.finish["p/P"] == 10 * ms);
    CHECK(run.watcher.finish["p/X"] == 100 * ms);
  }
}

TEST_CASE("cfs: threads pinned to one core share the period among themselves") {
  // 4 cores: factor 3, latency 18 ms, min_granularity 2.25 ms. Three threads
  // pinned to core 0 (30 ms each) and two free ones. The pinned class: 3
  // runnable on 1 core: period max(18, 3 x 2.25) = 18, slice 18 / 3 = 6 ms.
  // (Counting all 5 threads over 4 cores gave 18 x 4 / 5 = 14.4 ms.) At a
  // slice end the runner yields only to a waiter with less vruntime (ties
  // keep it). Core 0, vruntimes in ms: w1 [0,6) 6; w2 [6,12) 6; w3 [12,18) 6,
  // keeps [18,24) 12 (w1's 6 is not less than 6); w1 [24,30) 12; w2
  // [30,36) 12, keeps [36,42) 18; w3 [42,48) 18; w1 [48,54) 18, keeps [54,60)
  // 24; w2 [60,66) 24; w3 [66,72) 24, keeps [72,78): done (30 ms run); w1
  // [78,84) done; w2 [84,90) done. The free threads run [0,30) on cores 1, 2.
  ThreadSpec pinned = thread("w", {compute(30 * ms)});
  pinned.count = 3;
  pinned.os.cpus = {0};
  ThreadSpec free = thread("f", {compute(30 * ms)});
  free.count = 2;
  Scenario s = scenario(4, {process("p", false, {pinned, free})});
  s.scheduler.policy = SchedulerPolicy::cfs;
  Run run(std::move(s));
  CHECK(run.watcher.finish["p/w-3"] == 78 * ms);
  CHECK(run.watcher.finish["p/w-1"] == 84 * ms);
  CHECK(run.watcher.finish["p/w-2"] == 90 * ms);
  CHECK(run.watcher.finish["p/f-1"] == 30 * ms);
}

TEST_CASE("cfs: min_vruntime is the least vruntime on the machine, not the fastest thread's") {
  // 2 cores: factor 2, latency 12, min_granularity 1.5, wakeup_granularity 2.
  // All start with vruntime 0. C on core 0, B (nice 19, weight 15) on core
  // 1, A waits. C computes [0,1) and sleeps to 11; A takes core 0 at 1 with
  // a 12 ms slice (2 runnable of weight 1024 and 15: 12 x 1024 x 2 / 1039,
  // capped at the period 12). At 11: A's vruntime 10, B's 11 x 1024 / 15 =
  // 750.9. min_vruntime = min(10, 750.9) = 10; C is placed at max(1, 10 -
  // 12/2) = 4; A is ahead by 6 > 2: C preempts A and runs [11,12). (It used
  // to follow B's vruntime: C at 710.8, no preemption, C on a core at 12.)
  ThreadSpec b = thread("B", {compute(100 * ms)});
  b.os.nice = 19;
  Scenario s = scenario(2, {process("p", false, {thread("C", {compute(1 * ms), sleep_for(10 * ms), compute(1 * ms)}), b,
                                                 thread("A", {compute(100 * ms)})})});
  s.scheduler.policy = SchedulerPolicy::cfs;
  Run run(std::move(s));
  CHECK(run.watcher.finish["p/C"] == 12 * ms);
}

TEST_CASE("timer slack lengthens the GIL waiter's timed wait too") {
  // 2 cores, switch interval 5 ms, slack 50 us: each take_gil timed wait
  // lasts 5.05 ms. a holds the GIL from 0, b's wait times out at 5.05: a
  // drops, b holds [5.05,10.1), a [10.1,15.15), b [15.15,20.2), a
  // [20.2,25.25) (a has run 15.15), b [25.25,30.3), a needs 4.85 more: done
  // at 35.15; b then at 40. (Without slack a would finish at 35.)
  Scenario s = scenario(2, {process("app", true, {thread("a", {compute(20 * ms)}), thread("b", {compute(20 * ms)})})});
  s.timer_slack = 50 * us;
  Run run(std::move(s));
  CHECK(run.watcher.finish["app/a"] == 35150 * us);
  CHECK(run.watcher.finish["app/b"] == 40 * ms);
}

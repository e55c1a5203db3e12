// The GIL models' rules on their own (model/gil/): the decisions each model
// hands the simulation, with no simulation, core or observer involved.
#include <doctest/doctest.h>

#include "model/gil/cpython2.h"
#include "model/gil/cpython3.h"
#include "model/gil/registry.h"

using namespace gilsim;

namespace {

constexpr Time I = 5000;  // switch interval, ns

GilSpec cpython3_spec(Time handoff = 0) {
  GilSpec spec;
  spec.switch_interval = I;
  spec.handoff_latency = handoff;
  return spec;
}

// Threads 0..n-1 of one process, each in the state given.
ThreadStates states_of(std::initializer_list<ThreadState> states) {
  ThreadStates out(states.size());
  ThreadIndex t = 0;
  for (ThreadState s : states) out.change(t++, s, 0, 0);
  return out;
}

}  // namespace

TEST_CASE("gil rules, cpython3: a free lock is taken at once, a held one queues the thread with a timer") {
  Cpython3Rules rules(cpython3_spec(), 0, 1);
  ThreadStates states = states_of({ThreadState::running, ThreadState::running});
  GilNeed first = rules.need(0, 0, 100, states);
  CHECK(first.holds);
  CHECK(first.timer.rearm);  // taking a GIL re-plans the waiters' timer: here nobody waits
  CHECK(!first.timer.at);
  CHECK(rules.holder(0) == 0);
  GilNeed second = rules.need(0, 1, 200, states);
  CHECK(!second.holds);
  CHECK(second.displaced == kNoThread);
  REQUIRE(second.timer.rearm);
  REQUIRE(second.timer.at);
  CHECK(*second.timer.at == 200 + I);  // a lone waiter asks one interval after it began
}

TEST_CASE("gil rules, cpython3: the timer sets the drop request, a holder on a core drops at once") {
  Cpython3Rules rules(cpython3_spec(), 0, 1);
  ThreadStates running = states_of({ThreadState::running, ThreadState::gil_wait});
  rules.need(0, 0, 0, running);
  rules.need(0, 1, 0, running);
  GilTimeout timeout = rules.on_timer(0, I, running);
  CHECK(timeout.requester == 1);
  CHECK(timeout.holder_drops);
  CHECK(rules.drop_requested(0));

  // A preempted holder keeps the GIL until the OS runs it again.
  Cpython3Rules later(cpython3_spec(), 0, 1);
  ThreadStates preempted = states_of({ThreadState::ready, ThreadState::gil_wait});
  later.need(0, 0, 0, preempted);
  later.need(0, 1, 0, preempted);
  GilTimeout waits = later.on_timer(0, I, preempted);
  CHECK(waits.requester == 1);
  CHECK(!waits.holder_drops);
  CHECK(later.drop_requested(0));
}

TEST_CASE("gil rules, cpython3: a forced drop hands the GIL to the longest waiter and queues the dropper behind") {
  Cpython3Rules rules(cpython3_spec(), 0, 1);
  ThreadStates states = states_of({ThreadState::running, ThreadState::gil_wait, ThreadState::gil_wait});
  rules.need(0, 0, 0, states);
  rules.need(0, 1, 10, states);
  rules.need(0, 2, 20, states);
  GilRelease handed = rules.release(0, 0, I + 10, true);
  CHECK(handed.wake.thread == 1);
  CHECK(handed.wake.holds);
  CHECK(handed.wake.forced);
  CHECK(handed.wake.at_once);  // no hand-off latency: runnable in the same step
  CHECK(rules.holder(0) == 1);
  CHECK(!rules.drop_requested(0));  // cleared by the take
  CHECK(handed.timer.rearm);
  GilTimer again = rules.wait_again(0, 0, I + 10);
  CHECK(again.rearm);
  // Thread 2 is now first in line, then 0: the next forced drop goes to 2.
  CHECK(rules.release(0, 1, 2 * I, true).wake.thread == 2);
  rules.wait_again(0, 1, 2 * I);
  CHECK(rules.release(0, 2, 3 * I, true).wake.thread == 0);
}

TEST_CASE("gil rules, cpython3: a release leaves the GIL free and signals the longest waiter, who may lose it") {
  Cpython3Rules rules(cpython3_spec(), 0, 1);
  ThreadStates states = states_of({ThreadState::running, ThreadState::gil_wait, ThreadState::gil_wait});
  rules.need(0, 0, 0, states);
  rules.need(0, 1, 10, states);
  rules.need(0, 2, 20, states);
  GilRelease r = rules.release(0, 0, 100, false);
  CHECK(r.wake.thread == 1);
  CHECK_FALSE(r.wake.holds);  // signalled: it tries when it runs
  CHECK(r.wake.at_once);
  CHECK(rules.holder(0) == kNoThread);
  CHECK(r.timer.rearm);  // a free GIL has nobody to ask for a drop
  CHECK_FALSE(r.timer.at);
  // The releaser, back first, takes it again; thread 2's wait goes on and it
  // asks one interval after it began (no switch happened).
  GilNeed back = rules.need(0, 0, 110, states);
  CHECK(back.holds);
  REQUIRE(back.timer.at);
  CHECK(*back.timer.at == 20 + I);
  // Thread 1 finds it held: it waits again with a fresh timer, behind 2.
  GilNeed lost = rules.need(0, 1, 120, states);
  CHECK_FALSE(lost.holds);
  CHECK(rules.release(0, 0, 200, false).wake.thread == 2);
  CHECK(rules.need(0, 2, 250, states).holds);
  CHECK(rules.release(0, 2, 300, false).wake.thread == 1);
  CHECK(rules.need(0, 1, 350, states).holds);
  GilRelease last = rules.release(0, 1, 400, false);
  CHECK(last.wake.thread == kNoThread);  // nobody waits
}

TEST_CASE("gil rules, cpython3: a waiter whose timeout passed while the GIL was free asks as soon as it is held") {
  Cpython3Rules rules(cpython3_spec(), 0, 1);
  ThreadStates states = states_of({ThreadState::running, ThreadState::gil_wait, ThreadState::gil_wait});
  rules.need(0, 0, 0, states);
  rules.need(0, 1, 0, states);
  rules.need(0, 2, 0, states);
  rules.release(0, 0, 100, false);  // free; 1 signalled, 2 still waits (since 0)
  GilNeed late = rules.need(0, 0, 2 * I, states);  // no switch: 2's timeout at I has passed
  REQUIRE(late.timer.at);
  CHECK(*late.timer.at == 2 * I);
  GilTimeout t = rules.on_timer(0, 2 * I, states);
  CHECK(t.requester == 2);
}

TEST_CASE("gil rules: a holder in C code that keeps the GIL is not asked to drop at once") {
  Cpython3Rules rules(cpython3_spec(), 0, 1);
  ThreadStates states = states_of({ThreadState::running, ThreadState::gil_wait});
  rules.need(0, 0, 0, states);
  rules.need(0, 1, 0, states);
  rules.holder_in_c(0, true);
  GilTimeout t = rules.on_timer(0, I, states);
  CHECK(t.requester == 1);
  CHECK_FALSE(t.holder_drops);  // it drops at its next bytecode
  CHECK(rules.drop_requested(0));
}

TEST_CASE("gil rules, cpython3: a hand-off latency delays the new holder, who holds the GIL meanwhile") {
  Cpython3Rules rules(cpython3_spec(50), 0, 1);
  ThreadStates states = states_of({ThreadState::running, ThreadState::gil_wait});
  rules.need(0, 0, 0, states);
  rules.need(0, 1, 0, states);
  GilRelease r = rules.release(0, 0, 100, true);
  CHECK(r.wake.thread == 1);
  CHECK(r.wake.holds);
  CHECK(!r.wake.at_once);
  CHECK(r.wake.after == 50);
}

TEST_CASE("gil rules, cpython3: timer slack lengthens every timed wait of a waiter") {
  Cpython3Rules rules(cpython3_spec(), 50, 1);
  ThreadStates states = states_of({ThreadState::running, ThreadState::gil_wait});
  rules.need(0, 0, 0, states);
  GilNeed wait = rules.need(0, 1, 0, states);
  REQUIRE(wait.timer.at);
  CHECK(*wait.timer.at == I + 50);
}

TEST_CASE("gil rules, cpython3: processes have independent locks") {
  Cpython3Rules rules(cpython3_spec(), 0, 2);
  ThreadStates states = states_of({ThreadState::running, ThreadState::running});
  CHECK(rules.need(0, 0, 0, states).holds);
  CHECK(rules.need(1, 1, 0, states).holds);
  CHECK(rules.holder(0) == 0);
  CHECK(rules.holder(1) == 1);
}

TEST_CASE("gil rules, cpython2: a failed try sleeps, the first one replans the holder, a release signals a sleeper") {
  GilSpec spec;
  spec.model = GilModel::cpython2;
  Cpython2Rules rules(spec, 1, 3);
  // The holder is preempted (not on a core): a try can never win.
  ThreadStates states = states_of({ThreadState::ready, ThreadState::running, ThreadState::running});
  CHECK(rules.need(0, 0, 0, states).holds);
  GilNeed first = rules.need(0, 1, 0, states);
  CHECK(!first.holds);
  CHECK(first.replan_holder);  // contention began: the holder's compute now stops at checks
  GilNeed second = rules.need(0, 2, 0, states);
  CHECK(!second.holds);
  CHECK(!second.replan_holder);
  GilRelease r = rules.release(0, 0, 10, false);
  CHECK(r.wake.thread == 1);  // the longest asleep
  CHECK(!r.wake.holds);       // no hand-off: it must try again
  CHECK(!r.wake.at_once);
  CHECK(r.wake.after == spec.wakeup_latency);
  CHECK(!rules.drop_requested(0));
}

TEST_CASE("gil rules, cpython2: every (check + signal) / signal tries at a computing holder, one wins") {
  GilSpec spec;
  // check 5 us, signal 2 us: the first try finds the lock uncontended (no
  // window at all); then luck 2, 4, 6: the 5th try wins.
  spec.model = GilModel::cpython2;
  Cpython2Rules rules(spec, 1, 2);
  ThreadStates states = states_of({ThreadState::running, ThreadState::running});
  rules.need(0, 0, 0, states);
  int tries = 0;
  GilNeed need;
  do {
    need = rules.need(0, 1, 0, states);
    ++tries;
  } while (!need.holds && tries < 10);
  CHECK(tries == 5);
  CHECK(need.displaced == 0);   // the holder lost the lock and sleeps
  CHECK(need.wake.thread == 1);  // its release signalled the first sleeper: 1 itself, from its failed tries
  CHECK(rules.holder(0) == 1);
}

TEST_CASE("gil rules, cpython2: contended, the holder computes one check interval per segment after a signal") {
  GilSpec spec;
  spec.model = GilModel::cpython2;
  Cpython2Rules rules(spec, 1, 2);
  CHECK(rules.segments_compute());
  ThreadStates states = states_of({ThreadState::ready, ThreadState::running});
  rules.need(0, 0, 0, states);
  // Uncontended: one segment for the whole compute.
  CHECK(rules.begin_segment(0, 12 * kMicrosecond).length == 12 * kMicrosecond);
  CHECK(rules.progress(0, 3 * kMicrosecond) == 3 * kMicrosecond);
  rules.need(0, 1, 0, states);  // fails and sleeps: contended from now on
  GilSegment rest = rules.begin_segment(0, 9 * kMicrosecond);
  CHECK(rest.length == 2 * kMicrosecond);  // the 5 us tick had 2 us left, no check yet
  CHECK(rules.progress(0, 2 * kMicrosecond) == 2 * kMicrosecond);
  GilSegment next = rules.begin_segment(0, 7 * kMicrosecond);
  CHECK(next.length == spec.signal_cost + spec.check_interval);  // a check (a signal), then an interval
  CHECK(next.wake.thread == 1);
  CHECK(rules.progress(0, next.length) == spec.check_interval);  // the signal is no progress
}

TEST_CASE("gil registry: names round-trip, none has no lock and no rules") {
  for (const std::string& name : gil_model_names()) {
    std::optional<GilModel> model = find_gil_model(name);
    REQUIRE(model);
    CHECK(gil_model_name(*model) == name);
  }
  CHECK(!find_gil_model("cpython4"));
  CHECK(gil_model_has_lock(GilModel::cpython3));
  CHECK(gil_model_has_lock(GilModel::cpython2));
  CHECK(!gil_model_has_lock(GilModel::none));
  GilSpec none;
  none.model = GilModel::none;
  CHECK(make_gil_rules(none, 0, 1, 1) == nullptr);
  CHECK(make_gil_rules(cpython3_spec(), 0, 1, 1) != nullptr);
}

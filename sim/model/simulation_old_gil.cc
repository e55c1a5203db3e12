// gil.model "cpython2": how threads try, sleep on, wake for and hold the old
// lock (the rules are in old_gil.h).
#include <cassert>

#include "model/simulation.h"

namespace gilsim {

// Thread t is on a core and needs the lock. Returns true once t holds it.
bool Simulation::try_old_gil(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  OldGil& gil = old_gils_[th.process];
  if (!gil.held()) {
    take_old_gil(t);
    return true;
  }
  ThreadIndex holder = gil.holder();
  if (state_of(holder) == ThreadState::running && gil.lucky_try()) {
    // The try landed while the holder was signalling: the holder's re-take
    // fails and it sleeps on the lock in its turn.
    take_off_core(holder);  // before it stops holding: its segment's progress
    set_state(holder, ThreadState::gil_wait);
    release_old_gil(holder);
    if (!old_gil_waiter_[holder]) {
      old_gil_waiter_[holder] = 1;
      gil.add_waiter();
    }
    gil.sleep(holder);  // after release_old_gil, which signalled the first asleep waiter as the holder was doing
    take_old_gil(t);
    return true;
  }
  // A wasted wake-up (or a first try at a held lock): sleep until signalled.
  take_off_core(t);
  set_state(t, ThreadState::gil_wait);
  bool was_contended = gil.contended();
  if (!old_gil_waiter_[t]) {
    old_gil_waiter_[t] = 1;
    gil.add_waiter();
  }
  gil.sleep(t);
  if (!was_contended) replan_old_gil_holder(th.process);
  return false;
}

void Simulation::take_old_gil(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  OldGil& gil = old_gils_[th.process];
  gil.take(t);
  if (old_gil_waiter_[t]) {
    old_gil_waiter_[t] = 0;
    gil.waiter_took_it();
  }
  th.holds_gil = true;
  observer_.on_gil_acquire(engine_.now(), th.process, t, false);
}

// The holder lets go (it blocks, finishes, runs native code or lost a try):
// the first asleep waiter is signalled and can try after the wake-up latency.
void Simulation::release_old_gil(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  assert(th.holds_gil);
  th.holds_gil = false;
  observer_.on_gil_release(engine_.now(), th.process, t);
  OldGil& gil = old_gils_[th.process];
  gil.release();
  wake_after_signal(gil.signal());
}

void Simulation::wake_after_signal(std::optional<ThreadIndex> signalled) {
  if (!signalled) return;
  schedule_after(wakeup_latency_, EventKind::wake, {*signalled, threads_[*signalled].generation});
}

// The holder's compute, one segment at a time while others wait (old_gil.h).
void Simulation::start_old_gil_segment(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  std::optional<ThreadIndex> signalled;
  OldGil::Segment segment = old_gils_[th.process].begin_segment(th.remaining, signalled);
  wake_after_signal(signalled);
  Time length = segment.compute > kTimeMax - segment.overhead ? kTimeMax : segment.overhead + segment.compute;
  th.run_since = engine_.now();
  schedule_after(length, EventKind::compute_done, {t, th.generation});
  arm_quantum_end(th.core, length);
}

bool Simulation::end_old_gil_segment(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  th.remaining -= old_gils_[th.process].progress(engine_.now() - th.run_since);
  if (th.remaining == 0) return true;
  start_compute(t);  // the next segment begins with a check
  return false;
}

// Somebody began waiting: a holder computing on a core in one uncontended
// segment now stops at its next check.
void Simulation::replan_old_gil_holder(ProcessIndex p) {
  ThreadIndex holder = old_gils_[p].holder();
  ThreadRun& th = threads_[holder];
  if (state_of(holder) != ThreadState::running || th.activity != Activity::compute) return;
  th.remaining -= old_gils_[p].progress(engine_.now() - th.run_since);
  ++th.generation;  // its compute_done is stale
  start_compute(holder);
}

}  // namespace gilsim

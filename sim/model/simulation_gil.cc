// What the GIL model decides (model/gil/gil_rules.h), carried out on threads:
// who holds, who leaves its core to wait, who is woken and when, the
// process's timer, and the holder's compute when the model runs it in segments.
#include <cassert>

#include "model/simulation.h"

namespace gilsim {

// Thread t is on a core and needs its process's GIL. Returns true once t holds it.
bool Simulation::take_gil(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  const ProcessIndex p = th.process;
  GilNeed need = gil_->need(p, t, engine_.now(), states_);
  if (need.displaced != kNoThread) {
    // The holder lost the lock without asking: it leaves its core (after its
    // segment's progress is counted) and waits; its release woke a sleeper.
    take_off_core(need.displaced);
    set_state(need.displaced, ThreadState::gil_wait);
    threads_[need.displaced].holds_gil = false;
    observer_.on_gil_release(engine_.now(), p, need.displaced);
    apply(p, need.wake);
  }
  if (need.holds) {
    th.holds_gil = true;
    observer_.on_gil_acquire(engine_.now(), p, t, false);
    apply(p, need.timer);
    return true;
  }
  take_off_core(t);
  set_state(t, ThreadState::gil_wait);
  apply(p, need.timer);
  if (need.replan_holder) replan_gil_holder(p);
  return false;
}

void Simulation::release_gil(ThreadIndex t, bool forced) {
  ThreadRun& th = threads_[t];
  assert(th.holds_gil);
  th.holds_gil = false;
  observer_.on_gil_release(engine_.now(), th.process, t);
  GilRelease release = gil_->release(th.process, t, engine_.now(), forced);
  apply(th.process, release.wake);
  apply(th.process, release.timer);
}

// The holder saw the drop request: it gives the GIL up and waits again.
void Simulation::forced_drop(ThreadIndex holder) {
  const ProcessIndex p = threads_[holder].process;
  take_off_core(holder);
  set_state(holder, ThreadState::gil_wait);
  release_gil(holder, true);
  apply(p, gil_->wait_again(p, holder, engine_.now()));
}

void Simulation::on_gil_timeout(ProcessIndex p) {
  GilTimeout timeout = gil_->on_timer(p, engine_.now(), states_);
  if (timeout.requester != kNoThread) observer_.on_gil_drop_request(engine_.now(), p, timeout.requester);
  if (timeout.holder_drops) forced_drop(gil_->holder(p));
}

// A hand-off (the thread holds the GIL while the OS wakes it and while it
// waits for a core) or a signal (it will try again).
void Simulation::apply(ProcessIndex p, const GilWake& wake) {
  if (wake.thread == kNoThread) return;
  if (wake.holds) {
    threads_[wake.thread].holds_gil = true;
    observer_.on_gil_acquire(engine_.now(), p, wake.thread, wake.forced);
  }
  if (wake.at_once)
    make_ready(wake.thread);
  else  // explore: the OS wakes it a little later
    schedule_after(perturb_.gil(wake.after), EventKind::wake, {wake.thread, threads_[wake.thread].generation});
}

// One pending timeout per process: any earlier one is void.
void Simulation::apply(ProcessIndex p, const GilTimer& timer) {
  if (!timer.rearm) return;
  std::uint32_t generation = ++gil_timer_generation_[p];
  if (timer.at) {
    assert(*timer.at >= engine_.now());
    schedule_after(*timer.at - engine_.now(), EventKind::gil_timeout, {p, generation});
  }
}

// Contention began: a holder computing on a core in one piece now stops at
// the model's next segment boundary.
void Simulation::replan_gil_holder(ProcessIndex p) {
  ThreadIndex holder = gil_->holder(p);
  ThreadRun& th = threads_[holder];
  if (state_of(holder) != ThreadState::running || th.activity != Activity::compute) return;
  th.remaining -= gil_->progress(p, engine_.now() - th.run_since);
  ++th.generation;  // its compute_done is stale
  start_compute(holder);
}

// The holder's compute, one segment at a time.
void Simulation::start_gil_segment(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  GilSegment segment = gil_->begin_segment(th.process, th.remaining);
  apply(th.process, segment.wake);
  th.run_since = engine_.now();
  schedule_after(segment.length, EventKind::compute_done, {t, th.generation});
  arm_quantum_end(th.core, segment.length);
}

}  // namespace gilsim

// The synchronisation steps of a thread: what the primitives (model/sync/)
// decide, carried out on threads. A thread that must wait leaves its core
// and releases the GIL, like any blocking step; an operation that need not
// wait takes no time and keeps the GIL.
#include <cassert>

#include "model/simulation.h"

namespace gilsim {

// Runs one synchronisation step of thread t (on a core, holding the GIL if
// its process has one). Returns false when the thread left its core.
bool Simulation::run_sync_step(ThreadIndex t, const Instruction& in) {
  ThreadRun& th = threads_[t];
  SyncIndex s = sync_of(th, in);
  const Time now = engine_.now();
  switch (in.op) {
    case Op::acquire: return after_sync_step(t, s, syncs_.acquire(s, t, now), ThreadState::lock_wait);
    case Op::release: return after_sync_step(t, s, syncs_.release(s, t, now), ThreadState::lock_wait);
    case Op::put: return after_sync_step(t, s, syncs_.put(s, t, duration_of(t, in), now), ThreadState::queue_wait);
    case Op::get: return get(t, s);
    case Op::event_wait: return event_wait(t, s, in);
    case Op::device_io: return device_io(t, in);
    case Op::event_set:
      // Every waiter still waiting (a timed-out wait has a newer generation) goes on.
      syncs_.set(s, t, now, [this](const Event::Waiter& w) { return threads_[w.thread].generation == w.generation; });
      wake_synced();
      break;
    case Op::event_clear: syncs_.clear(s, t, now); break;
    default: assert(false && "not a synchronisation step");
  }
  ++th.pc;
  return true;
}

bool Simulation::after_sync_step(ThreadIndex t, SyncIndex s, SyncTable::Step step, ThreadState waits_in) {
  switch (step.then) {
    case SyncTable::Then::go_on:
      ++threads_[t].pc;
      wake_synced();
      return true;
    case SyncTable::Then::wait:
      ++threads_[t].pc;  // it resumes after the step
      block(t, waits_in, s);
      return false;
    case SyncTable::Then::refused: program_error(t, s, step); return false;
  }
  return false;
}

// The waiters the last step let go on: each needs a core and the GIL again
// before its next step.
void Simulation::wake_synced() {
  for (const SyncWake& w : syncs_.wakes()) {
    if (w.got_item) work_[w.thread] = w.work;
    if (w.collects) threads_[w.thread].collecting = true;
    make_ready(w.thread);
  }
}

bool Simulation::event_wait(ThreadIndex t, SyncIndex s, const Instruction& in) {
  ThreadRun& th = threads_[t];
  ++th.pc;
  // Event.wait(0) polls: it returns at once, keeping the GIL (no timer slack: it never sleeps).
  if (syncs_.wait_passes(s, in.timed, in.duration)) return true;
  block(t, ThreadState::event_wait, s);
  syncs_.add_event_waiter(s, t, th.generation);
  // A timed wait ends timer_slack late, as a sleep does (the kernel's timer slack).
  if (in.timed) {
    Time timeout = timer_slack_ > kTimeMax - in.duration ? kTimeMax : in.duration + timer_slack_;
    schedule_after(timeout, EventKind::wake, {t, th.generation});
  }
  return false;
}

// A timed event wait ran out (t is ready again): its entry among the waiters is stale.
void Simulation::event_wait_timed_out(ThreadIndex t) {
  syncs_.event_timed_out(sync_of(threads_[t], waiting_step(t)),
                         [this](const Event::Waiter& w) { return threads_[w.thread].generation == w.generation; });
}

bool Simulation::get(ThreadIndex t, SyncIndex s) {
  std::optional<Time> work = syncs_.get(s, t, engine_.now());
  ++threads_[t].pc;
  if (!work) {
    block(t, ThreadState::queue_wait, s);
    return false;
  }
  work_[t] = *work;
  wake_synced();
  return true;
}

bool Simulation::get_nowait(ThreadIndex t, SyncIndex s) {
  std::optional<Time> work = syncs_.get_nowait(s, t, engine_.now());
  if (!work) return false;
  work_[t] = *work;
  wake_synced();
  return true;
}

// t runs again after a getter's wait that was handed an item: the item no
// longer takes room in the queue (the get is the step before t's pc).
void Simulation::collect_item(ThreadIndex t) {
  threads_[t].collecting = false;
  syncs_.collected(sync_of(threads_[t], waiting_step(t)), engine_.now());
  wake_synced();
}

bool Simulation::device_io(ThreadIndex t, const Instruction& in) {
  ++threads_[t].pc;
  if (devices_[in.device].request(t)) {
    block(t, ThreadState::io, 0);
    begin_device_io(t, in.device, duration_of(t, in));
  } else {
    block(t, ThreadState::device_wait, in.device);
  }
  return false;
}

void Simulation::begin_device_io(ThreadIndex t, DeviceIndex d, Time duration) {
  observer_.on_device(engine_.now(), t, d, true);
  schedule_after(duration, EventKind::device_done, {t, threads_[t].generation});
}

// The channel goes to the longest waiting request, if any.
void Simulation::on_device_done(ThreadIndex t) {
  DeviceIndex d = waiting_step(t).device;
  observer_.on_device(engine_.now(), t, d, false);
  if (std::optional<ThreadIndex> w = devices_[d].done()) {
    set_state(*w, ThreadState::io);
    begin_device_io(*w, d, duration_of(*w, waiting_step(*w)));
  }
  make_ready(t);
}

// A release the program may not make: the thread dies with Python's exception
// (keeping whatever else it holds); the run goes on and ends with the error.
void Simulation::program_error(ThreadIndex t, SyncIndex s, const SyncTable::Step& step) {
  const Time now = engine_.now();
  ProgramError error{now, t, s, step.refusal, step.owner};
  observer_.on_print(now, t, "Exception in thread " + roster_.thread_name(t) + ": " + python_exception(error, roster_));
  observer_.on_program_error(error);
  if (!program_error_) program_error_ = error;
  finish(t);
}

}  // namespace gilsim

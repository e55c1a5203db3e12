// The synchronisation steps of a thread: what the primitives (model/sync/)
// decide, carried out on threads. A thread that must wait leaves its core
// and releases the GIL, like any blocking step; an operation that need not
// wait takes no time and keeps the GIL. Devices are here too.
#include "model/simulation.h"

namespace gilsim {

// Runs one synchronisation step of thread t (on a core, holding the GIL if
// its process has one); it resumes after the step. Returns false when the
// thread left its core.
bool Simulation::run_sync_step(ThreadIndex t, const Instruction& in) {
  if (in.op == Op::device_io) return device_io(t, in);
  ThreadRun& th = threads_[t];
  const SyncIndex s = sync_of(th, in);
  const Time work = in.op == Op::put ? duration_of(t, in) : 0;
  SyncTable::Step step = syncs_.perform(in, s, t, engine_.now(), work);
  switch (step.then) {
    case SyncTable::Then::go_on:
      ++th.pc;
      if (step.got) work_[t] = *step.got;
      wake_synced();
      return true;
    case SyncTable::Then::wait:
      ++th.pc;
      block(t, step.waits_in, s);
      if (step.needs_generation) syncs_.waiting(s, t, th.generation);
      // A timed wait ends timer_slack late, as a sleep does (the kernel's timer slack).
      if (step.timeout) {
        Time timeout = timer_slack_ > kTimeMax - *step.timeout ? kTimeMax : *step.timeout + timer_slack_;
        schedule_after(perturb_.wake(timeout), EventKind::wake, {t, th.generation});
      }
      return false;
    case SyncTable::Then::refused: program_error(t, s, step); return false;
  }
  return false;
}

// The waiters the last sync step let go on: each needs a core and the GIL
// again before its next step.
void Simulation::wake_synced() {
  for (const SyncWake& w : syncs_.wakes()) {
    if (w.got_item) work_[w.thread] = w.work;
    if (w.collects) threads_[w.thread].collecting = true;
    wake_later(w.thread, wakeup_);
  }
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
  schedule_after(perturb_.wake(duration), EventKind::device_done, {t, threads_[t].generation});
}

// The channel goes to the longest waiting request, if any.
void Simulation::on_device_done(ThreadIndex t) {
  DeviceIndex d = waiting_step(t).device;
  observer_.on_device(engine_.now(), t, d, false);
  if (std::optional<ThreadIndex> w = devices_[d].done()) {
    set_state(*w, ThreadState::io);
    begin_device_io(*w, d, duration_of(*w, waiting_step(*w)));
  }
  wake_later(t, io_latency_);
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

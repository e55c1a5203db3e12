// Simulation's synchronisation steps: locks, rlocks, semaphores, events,
// queues and devices (the rules are in sync.h).

#include <algorithm>
#include <cassert>

#include "model/simulation.h"

namespace gilsim {

// Runs one synchronisation step of thread t (on a core, holding the GIL if
// its process has one). Returns false when the thread left its core.
bool Simulation::run_sync_step(ThreadIndex t, const Instruction& in) {
  ThreadRun& th = threads_[t];
  SyncIndex s = sync_of(th, in);
  switch (in.op) {
    case Op::acquire: return acquire(t, s);
    case Op::release: return release(t, s);
    case Op::event_set: event_set(t, s); break;
    case Op::event_clear:
      syncs_[s].is_set = false;
      observer_.on_sync(engine_.now(), t, s, SyncOp::clear, 0);
      break;
    case Op::event_wait: return event_wait(t, s, in);
    case Op::put: return put(t, s, duration_of(t, in));
    case Op::get: return get(t, s);
    case Op::device_io: return device_io(t, in);
    default: assert(false && "not a synchronisation step");
  }
  ++th.pc;
  return true;
}

// The thread blocks on primitive s; it resumes after the step.
void Simulation::wait_on(ThreadIndex t, ThreadState state, SyncIndex s) {
  ++threads_[t].pc;
  block(t, state, s);
  syncs_[s].waiters.push_back({t, threads_[t].generation});
}

bool Simulation::acquire(ThreadIndex t, SyncIndex s) {
  SyncState& p = syncs_[s];
  bool free = p.kind == SyncKind::semaphore ? p.value > 0
                                            : p.owner == SyncState::kNobody ||
                                                  (p.kind == SyncKind::rlock && p.owner == t);
  if (!free) {
    // A Lock acquired twice by its holder waits for ever, as in Python.
    wait_on(t, ThreadState::lock_wait, s);
    return false;
  }
  if (p.kind == SyncKind::semaphore) {
    --p.value;
    held_[t].push_back(s);
    p.holders.begin(t, engine_.now());
  } else {
    if (p.depth++ == 0) held_[t].push_back(s);
    p.owner = t;
  }
  observer_.on_sync(engine_.now(), t, s, SyncOp::acquire, p.kind == SyncKind::semaphore ? p.value : p.depth);
  ++threads_[t].pc;
  return true;
}

// Forgets one hold of s by t (the latest: holds of one primitive are alike,
// and searching from the back is short however many t holds).
void Simulation::drop_hold(ThreadIndex t, SyncIndex s) {
  std::vector<SyncIndex>& held = held_[t];
  auto it = std::find(held.rbegin(), held.rend(), s);
  if (it != held.rend()) held.erase(std::next(it).base());
}

bool Simulation::release(ThreadIndex t, SyncIndex s) {
  SyncState& p = syncs_[s];
  const Time now = engine_.now();
  if (p.kind == SyncKind::semaphore) {
    if (p.bounded && p.waiters.empty() && p.value >= p.limit) {
      program_error(t, s, "ValueError: Semaphore released too many times");
      return false;
    }
    // The releaser's own permit if it holds one, else the oldest holder's (sync.h).
    if (p.holders.holds(t)) {
      p.holders.end_latest_of(t);
      drop_hold(t, s);
    } else if (std::optional<OpenHolds::Hold> oldest = p.holders.end_oldest()) {
      drop_hold(oldest->thread, s);
    }
    if (p.waiters.empty()) {
      ++p.value;
      observer_.on_sync(now, t, s, SyncOp::release, p.value);
    } else {  // the permit is free for an instant, then the longest waiter's
      observer_.on_sync(now, t, s, SyncOp::release, p.value + 1);
      hand_over(s);
    }
  } else {
    if (p.owner != t) {
      if (p.kind == SyncKind::rlock) program_error(t, s, "RuntimeError: cannot release un-acquired lock");
      else if (p.owner == SyncState::kNobody) program_error(t, s, "RuntimeError: release unlocked lock");
      else program_error(t, s, "RuntimeError: release of a lock held by " + roster_.full_name(p.owner));
      return false;
    }
    observer_.on_sync(now, t, s, SyncOp::release, p.depth - 1);
    if (--p.depth == 0) {
      drop_hold(t, s);
      p.owner = SyncState::kNobody;
      if (!p.waiters.empty()) hand_over(s);
    }
  }
  ++threads_[t].pc;
  return true;
}

// The longest waiter takes the primitive just released; it needs a core and
// the GIL before its next step.
void Simulation::hand_over(SyncIndex s) {
  SyncState& p = syncs_[s];
  ThreadIndex w = p.waiters.pop_front().thread;
  held_[w].push_back(s);
  if (p.kind == SyncKind::semaphore) p.holders.begin(w, engine_.now());
  if (p.kind != SyncKind::semaphore) {
    p.owner = w;
    p.depth = 1;
  }
  observer_.on_sync(engine_.now(), w, s, SyncOp::acquire, p.kind == SyncKind::semaphore ? p.value : 1);
  make_ready(w);
}

bool Simulation::event_wait(ThreadIndex t, SyncIndex s, const Instruction& in) {
  // Event.wait(0) polls: it returns at once, keeping the GIL (no timer slack: it never sleeps).
  if (syncs_[s].is_set || (in.timed && in.duration == 0)) {
    ++threads_[t].pc;
    return true;
  }
  wait_on(t, ThreadState::event_wait, s);
  // A timed wait ends timer_slack late, as a sleep does (the kernel's timer slack).
  if (in.timed) {
    Time timeout = timer_slack_ > kTimeMax - in.duration ? kTimeMax : in.duration + timer_slack_;
    schedule_after(timeout, EventKind::wake, {t, threads_[t].generation});
  }
  return false;
}

// A timed event wait ran out (t is ready again): its entry among the waiters
// is stale. Stale entries are dropped once they are half of them, so polling
// with a timeout does not grow memory with the run, at amortised O(1) a wait.
void Simulation::event_wait_timed_out(ThreadIndex t) {
  const ThreadRun& th = threads_[t];
  SyncState& p = syncs_[sync_of(th, script_of(th).code[th.pc - 1])];
  if (++p.stale * 2 < p.waiters.size()) return;
  p.waiters.retain([this](const SyncState::Waiter& w) { return threads_[w.thread].generation == w.generation; });
  p.stale = 0;
}

// Wakes every waiter that is still waiting (those whose wait timed out have a
// newer generation).
void Simulation::event_set(ThreadIndex t, SyncIndex s) {
  SyncState& p = syncs_[s];
  p.is_set = true;
  observer_.on_sync(engine_.now(), t, s, SyncOp::set, 1);
  while (!p.waiters.empty()) {
    SyncState::Waiter w = p.waiters.pop_front();
    if (threads_[w.thread].generation == w.generation) make_ready(w.thread);
  }
  p.stale = 0;
}

bool Simulation::put(ThreadIndex t, SyncIndex s, Time work) {
  SyncState& p = syncs_[s];
  if (p.full()) {
    ++threads_[t].pc;
    block(t, ThreadState::queue_wait, s);
    p.putters.push_back(t);
    return false;
  }
  deliver(t, s, work);
  ++threads_[t].pc;
  return true;
}

// t's item enters queue s, which has room: straight to the longest waiting
// getter if one waits (the queue is then empty), else to the queue's tail.
void Simulation::deliver(ThreadIndex t, SyncIndex s, Time work) {
  SyncState& p = syncs_[s];
  const Time now = engine_.now();
  if (p.waiters.empty()) {
    p.items.push_back(work);
    observer_.on_sync(now, t, s, SyncOp::put, static_cast<std::int64_t>(p.items.size()));
    return;
  }
  ThreadIndex g = p.waiters.pop_front().thread;
  work_[g] = work;
  observer_.on_sync(now, t, s, SyncOp::put, 0);
  observer_.on_sync(now, g, s, SyncOp::get, 0);
  if (p.value > 0) {  // bounded: the item takes room until g returns from get
    ++p.handed;
    threads_[g].collecting = true;
  }
  make_ready(g);
}

bool Simulation::get(ThreadIndex t, SyncIndex s) {
  if (syncs_[s].items.empty()) {
    wait_on(t, ThreadState::queue_wait, s);
    return false;
  }
  take_item(t, s);
  ++threads_[t].pc;
  return true;
}

// t takes the oldest item; the longest waiting putter, if any, puts its item.
void Simulation::take_item(ThreadIndex t, SyncIndex s) {
  SyncState& p = syncs_[s];
  work_[t] = p.items.pop_front();
  observer_.on_sync(engine_.now(), t, s, SyncOp::get, static_cast<std::int64_t>(p.items.size()));
  admit_putter(s);
}

// t runs again after a getter's wait that was handed an item: the item no
// longer takes room in the queue (the get is the step before t's pc).
void Simulation::collect_item(ThreadIndex t) {
  ThreadRun& th = threads_[t];
  th.collecting = false;
  SyncIndex s = sync_of(th, script_of(th).code[th.pc - 1]);
  --syncs_[s].handed;
  admit_putter(s);
}

// The queue has room again: the longest waiting putter puts its item.
void Simulation::admit_putter(SyncIndex s) {
  SyncState& p = syncs_[s];
  if (p.putters.empty() || p.full()) return;
  ThreadIndex putter = p.putters.pop_front();
  const ThreadRun& pt = threads_[putter];
  deliver(putter, s, duration_of(putter, script_of(pt).code[pt.pc - 1]));
  make_ready(putter);
}

bool Simulation::device_io(ThreadIndex t, const Instruction& in) {
  DeviceState& d = devices_[in.device];
  ++threads_[t].pc;
  if (d.busy < d.channels) {
    ++d.busy;
    block(t, ThreadState::io, 0);
    begin_device_io(t, in.device, duration_of(t, in));
  } else {
    block(t, ThreadState::device_wait, in.device);
    d.waiting.push_back(t);
  }
  return false;
}

void Simulation::begin_device_io(ThreadIndex t, DeviceIndex d, Time duration) {
  observer_.on_device(engine_.now(), t, d, true);
  schedule_after(duration, EventKind::device_done, {t, threads_[t].generation});
}

// The channel goes to the longest waiting request, if any.
void Simulation::on_device_done(ThreadIndex t) {
  const ThreadRun& th = threads_[t];
  DeviceIndex d = script_of(th).code[th.pc - 1].device;
  DeviceState& device = devices_[d];
  observer_.on_device(engine_.now(), t, d, false);
  if (device.waiting.empty()) {
    --device.busy;
  } else {
    ThreadIndex w = device.waiting.pop_front();
    const ThreadRun& wt = threads_[w];
    set_state(w, ThreadState::io);
    begin_device_io(w, d, duration_of(w, script_of(wt).code[wt.pc - 1]));
  }
  make_ready(t);
}

// A release the program may not make: the thread dies with Python's exception
// (keeping whatever else it holds); the run goes on and ends with the error.
void Simulation::program_error(ThreadIndex t, SyncIndex s, const std::string& python_error) {
  const Time now = engine_.now();
  observer_.on_sync(now, t, s, SyncOp::error, 0);
  observer_.on_print(now, t, "Exception in thread " + roster_.thread_name(t) + ": " + python_error);
  std::string message = "program error at " + format_time_fixed(now) + ": " + roster_.full_name(t) + ": release(" +
                        roster_.sync_name(s) + "): " + python_error;
  observer_.on_program_error(now, t, message);
  if (!program_error_) program_error_ = std::move(message);
  finish(t);
}

}  // namespace gilsim

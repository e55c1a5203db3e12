#include "model/sync/sync_table.h"

#include <algorithm>
#include <cassert>

namespace gilsim {

const std::vector<SyncIndex> SyncTable::kNothing;

SyncTable::SyncTable(const Roster& roster, Observer& observer, std::size_t threads, Live live)
    : observer_(observer), live_(std::move(live)) {
  bool lockables = false;
  where_.reserve(roster.syncs().size());
  for (SyncIndex s = 0; s < roster.syncs().size(); ++s) {
    const SyncSpec& spec = roster.sync_spec(s);
    auto slot = [](const auto& kind) { return static_cast<std::uint32_t>(kind.size()); };
    switch (spec.kind) {
      case SyncKind::lock:
      case SyncKind::rlock:
        where_.push_back({spec.kind, slot(locks_)});
        locks_.emplace_back(spec.kind == SyncKind::rlock);
        lockables = true;
        break;
      case SyncKind::semaphore:
        where_.push_back({spec.kind, slot(semaphores_)});
        semaphores_.emplace_back(spec.value, spec.bounded);
        lockables = true;
        break;
      case SyncKind::event:
        where_.push_back({spec.kind, slot(events_)});
        events_.emplace_back();
        break;
      case SyncKind::queue:
        where_.push_back({spec.kind, slot(queues_)});
        queues_.emplace_back(spec.value);
        break;
      case SyncKind::mp_value:
      case SyncKind::mp_array:  // its lock is an RLock (multiprocessing's Value and Array, lock=True)
        if (spec.locked) {
          where_.push_back({SyncKind::rlock, slot(locks_)});
          locks_.emplace_back(true);
          lockables = true;
          break;
        }
        [[fallthrough]];
      case SyncKind::mp_shared_memory:  // nothing to wait for
      case SyncKind::mp_queue:
      case SyncKind::mp_simple_queue:
      case SyncKind::mp_pipe:  // the simulation's (mp_queue_steps.cc): no step here names one
        where_.push_back({spec.kind, 0});
        break;
    }
  }
  if (lockables) held_.resize(threads);
}

void SyncTable::emit(SyncIndex s, Time now) {
  for (const SyncNote& n : effects_.notes) observer_.on_sync(now, n.thread, s, n.op, n.value);
}

// Forgets one hold of s by t (the latest: holds of one primitive are alike,
// and searching from the back is short however many t holds).
void SyncTable::drop_hold(ThreadIndex t, SyncIndex s) {
  std::vector<SyncIndex>& held = held_[t];
  auto it = std::find(held.rbegin(), held.rend(), s);
  if (it != held.rend()) held.erase(std::next(it).base());
}

SyncTable::Step SyncTable::refuse(SyncIndex s, ThreadIndex t, Time now, ReleaseRefusal refusal, ThreadIndex owner) {
  observer_.on_sync(now, t, s, SyncOp::error, 0);
  return {.then = Then::refused, .refusal = refusal, .owner = owner};
}

ThreadIndex SyncTable::lock_owner(SyncIndex s) const {
  const Where& w = where_[s];
  if (w.kind != SyncKind::lock && w.kind != SyncKind::rlock) return kNoThread;
  ThreadIndex owner = locks_[w.slot].owner();
  return owner == Lock::kNobody ? kNoThread : owner;
}

SyncTable::Step SyncTable::perform(const Instruction& in, SyncIndex s, ThreadIndex t, Time now, Time work) {
  switch (in.op) {
    case Op::acquire: return acquire(s, t, now);
    case Op::release: return release(s, t, now);
    case Op::event_set: set(s, t, now); return {};
    case Op::event_clear: clear(s, t, now); return {};
    case Op::event_wait: return wait(s, in);
    case Op::put: return put(s, t, work, now);
    case Op::get: return get(s, t, now);
    default: break;
  }
  assert(false && "not a synchronisation step");
  return {};
}

SyncTable::Step SyncTable::acquire(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  const Where& w = where_[s];
  if (w.kind == SyncKind::semaphore) {
    Semaphore& sem = semaphores_[w.slot];
    if (!sem.acquire(t, now)) return {.then = Then::wait};
    hold(t, s);
    observer_.on_sync(now, t, s, SyncOp::acquire, sem.free_permits());
    return {};
  }
  Lock& lock = locks_[w.slot];
  if (!lock.acquire(t)) return {.then = Then::wait};
  if (lock.depth() == 1) hold(t, s);
  observer_.on_sync(now, t, s, SyncOp::acquire, lock.depth());
  return {};
}

// A release hands the primitive straight to the longest waiter, which then
// needs a core and the GIL again before its next step.
SyncTable::Step SyncTable::release(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  const Where& w = where_[s];
  if (w.kind == SyncKind::semaphore) {
    Semaphore& sem = semaphores_[w.slot];
    Semaphore::Release r = sem.release(t, now);
    if (r.refused != ReleaseRefusal::none) return refuse(s, t, now, r.refused, kNoThread);
    if (r.ended != Semaphore::kNobody) drop_hold(r.ended, s);
    observer_.on_sync(now, t, s, SyncOp::release, r.free);
    if (r.next != Semaphore::kNobody) {
      hold(r.next, s);
      observer_.on_sync(now, r.next, s, SyncOp::acquire, sem.free_permits());
      effects_.wakes.push_back({r.next});
    }
    return {};
  }
  Lock::Release r = locks_[w.slot].release(t);
  if (r.refused != ReleaseRefusal::none) return refuse(s, t, now, r.refused, r.owner);
  observer_.on_sync(now, t, s, SyncOp::release, r.depth);
  if (r.depth == 0) drop_hold(t, s);
  if (r.next != Lock::kNobody) {
    hold(r.next, s);
    observer_.on_sync(now, r.next, s, SyncOp::acquire, 1);
    effects_.wakes.push_back({r.next});
  }
  return {};
}

// Event.set wakes every waiter still waiting, in the order they began.
void SyncTable::set(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  observer_.on_sync(now, t, s, SyncOp::set, 1);
  woken_.clear();
  event(s).set([this](const Event::Waiter& w) { return live_(w.thread, w.generation); }, woken_);
  for (ThreadIndex w : woken_) effects_.wakes.push_back({w});
}

// Event.wait: at once (keeping the GIL) if set, or with timeout 0 (it polls);
// else the thread waits, until set or its timeout.
SyncTable::Step SyncTable::wait(SyncIndex s, const Instruction& in) {
  begin();
  if (event(s).passes(in.timed, in.duration)) return {};
  Step step{.then = Then::wait, .waits_in = ThreadState::event_wait, .needs_generation = true};
  if (in.timed) step.timeout = in.duration;
  return step;
}

void SyncTable::clear(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  event(s).clear();
  observer_.on_sync(now, t, s, SyncOp::clear, 0);
}

SyncTable::Step SyncTable::put(SyncIndex s, ThreadIndex t, Time work, Time now) {
  begin();
  bool room = queues_[where_[s].slot].put(t, work, effects_);
  emit(s, now);
  if (room) return {};
  return {.then = Then::wait, .waits_in = ThreadState::queue_wait};
}

SyncTable::Step SyncTable::get(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  std::optional<Time> work = queues_[where_[s].slot].get(t, effects_);
  emit(s, now);
  if (work) return {.got = work};
  return {.then = Then::wait, .waits_in = ThreadState::queue_wait};
}

std::optional<Time> SyncTable::get_nowait(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  std::optional<Time> work = queues_[where_[s].slot].get_nowait(t, effects_);
  emit(s, now);
  return work;
}

void SyncTable::collected(SyncIndex s, Time now) {
  begin();
  queues_[where_[s].slot].collected(effects_);
  emit(s, now);
}

}  // namespace gilsim

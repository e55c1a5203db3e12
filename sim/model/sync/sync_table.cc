#include "model/sync/sync_table.h"

#include <algorithm>

namespace gilsim {

const std::vector<SyncIndex> SyncTable::kNothing;

SyncTable::SyncTable(const Roster& roster, Observer& observer, std::size_t threads) : observer_(observer) {
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
  return {Then::refused, refusal, owner};
}

ThreadIndex SyncTable::lock_owner(SyncIndex s) const {
  const Where& w = where_[s];
  if (w.kind != SyncKind::lock && w.kind != SyncKind::rlock) return kNoThread;
  ThreadIndex owner = locks_[w.slot].owner();
  return owner == Lock::kNobody ? kNoThread : owner;
}

SyncTable::Step SyncTable::acquire(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  const Where& w = where_[s];
  if (w.kind == SyncKind::semaphore) {
    Semaphore& sem = semaphores_[w.slot];
    if (!sem.acquire(t, now)) return {Then::wait};
    hold(t, s);
    observer_.on_sync(now, t, s, SyncOp::acquire, sem.free_permits());
    return {};
  }
  Lock& lock = locks_[w.slot];
  if (!lock.acquire(t)) return {Then::wait};
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

void SyncTable::clear(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  event(s).clear();
  observer_.on_sync(now, t, s, SyncOp::clear, 0);
}

SyncTable::Step SyncTable::put(SyncIndex s, ThreadIndex t, Time work, Time now) {
  begin();
  bool room = queues_[where_[s].slot].put(t, work, effects_);
  emit(s, now);
  return {room ? Then::go_on : Then::wait};
}

std::optional<Time> SyncTable::get(SyncIndex s, ThreadIndex t, Time now) {
  begin();
  std::optional<Time> work = queues_[where_[s].slot].get(t, effects_);
  emit(s, now);
  return work;
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

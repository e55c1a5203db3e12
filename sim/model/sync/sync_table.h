#pragma once
// Every primitive of a run (threading.Lock, RLock, Semaphore,
// BoundedSemaphore, Event, queue.Queue), each with its own state and rules
// (lock.h, semaphore.h, event.h, queue.h), looked up by SyncIndex; and what
// each thread holds, in the order it took it (the deadlock report names it).
//
// The simulation runs a thread's synchronisation step through here and
// learns whether the thread goes on (keeping its core and the GIL: an
// operation that need not wait takes no time), waits (it then leaves its
// core and releases the GIL, like any blocking step) or was refused (a
// release the program may not make: release_refusal.h). The table tells the
// observers what happened to the primitive (on_sync); the threads the step
// let go on are in wakes(), for the simulation to make runnable, in order.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "model/observer.h"
#include "model/program.h"
#include "model/roster.h"
#include "model/sync/event.h"
#include "model/sync/lock.h"
#include "model/sync/queue.h"
#include "model/sync/semaphore.h"

namespace gilsim {

class SyncTable {
 public:
  // Whether an event's waiter still waits: its thread is in the generation it
  // began to wait in (a timed wait that ran out has moved on).
  using Live = std::function<bool(ThreadIndex thread, std::uint32_t generation)>;
  SyncTable(const Roster& roster, Observer& observer, std::size_t threads, Live live);

  enum class Then : std::uint8_t { go_on, wait, refused };
  struct Step {
    Then then = Then::go_on;
    std::optional<Time> got;  // go_on after a get: the item's work, the thread's "$work" from now on
    ThreadState waits_in = ThreadState::lock_wait;  // wait: the state it waits in
    // wait: call waiting() with the thread's generation once it has blocked
    // (a timed wait may run out: its entry must be told apart then).
    bool needs_generation = false;
    std::optional<Time> timeout;                    // wait: it gives up this long from now
    ReleaseRefusal refusal = ReleaseRefusal::none;  // refused: why
    ThreadIndex owner = kNoThread;                  // refused: the lock's holder
  };

  // One synchronisation step of thread t on primitive s: acquire, release,
  // event_set, event_clear, event_wait or put (an item of `work`) or get.
  Step perform(const Instruction& in, SyncIndex s, ThreadIndex t, Time now, Time work);
  // t blocked in an Event.wait on s, in `generation`.
  void waiting(SyncIndex s, ThreadIndex t, std::uint32_t generation) { event(s).add_waiter(t, generation); }
  // A timed Event.wait on s ran out: its entry is stale.
  void timed_out(SyncIndex s) {
    event(s).timed_out([this](const Event::Waiter& w) { return live_(w.thread, w.generation); });
  }
  // get_nowait: the item's work, or nothing when the queue is empty.
  std::optional<Time> get_nowait(SyncIndex s, ThreadIndex t, Time now);
  // A getter handed an item of bounded queue s runs again.
  void collected(SyncIndex s, Time now);

  std::size_t size() const { return where_.size(); }
  // The waiting threads the last step let go on, in order.
  const std::vector<SyncWake>& wakes() const { return effects_.wakes; }

  // For the deadlock report: what t holds (empty without locks, rlocks and
  // semaphores), and who holds what a lock_wait on s waits for.
  const std::vector<SyncIndex>& held(ThreadIndex t) const { return held_.empty() ? kNothing : held_[t]; }
  ThreadIndex lock_owner(SyncIndex s) const;  // kNoThread for a semaphore or a free lock
  bool is_semaphore(SyncIndex s) const { return where_[s].kind == SyncKind::semaphore; }
  std::int64_t queue_maxsize(SyncIndex s) const { return queues_[where_[s].slot].maxsize(); }
  std::size_t event_entries(SyncIndex s) const { return event(s).entries(); }  // memory (tests)

 private:
  struct Where {
    SyncKind kind;
    std::uint32_t slot;  // in the vector of its kind
  };
  static const std::vector<SyncIndex> kNothing;

  Event& event(SyncIndex s) { return events_[where_[s].slot]; }
  const Event& event(SyncIndex s) const { return events_[where_[s].slot]; }
  void begin() { effects_.clear(); }
  Step acquire(SyncIndex s, ThreadIndex t, Time now);
  Step release(SyncIndex s, ThreadIndex t, Time now);
  void set(SyncIndex s, ThreadIndex t, Time now);
  void clear(SyncIndex s, ThreadIndex t, Time now);
  Step wait(SyncIndex s, const Instruction& in);
  Step put(SyncIndex s, ThreadIndex t, Time work, Time now);
  Step get(SyncIndex s, ThreadIndex t, Time now);
  void emit(SyncIndex s, Time now);  // the notes of effects_, to the observers
  void hold(ThreadIndex t, SyncIndex s) { held_[t].push_back(s); }
  void drop_hold(ThreadIndex t, SyncIndex s);
  Step refuse(SyncIndex s, ThreadIndex t, Time now, ReleaseRefusal refusal, ThreadIndex owner);

  Observer& observer_;
  Live live_;
  std::vector<Where> where_;  // per primitive
  std::vector<Lock> locks_;   // locks and rlocks
  std::vector<Semaphore> semaphores_;
  std::vector<Event> events_;
  std::vector<Queue> queues_;
  std::vector<std::vector<SyncIndex>> held_;  // per thread, only with locks, rlocks or semaphores
  SyncEffects effects_;
  std::vector<ThreadIndex> woken_;
};

}  // namespace gilsim

#pragma once
// The run-time state of the synchronisation primitives (threading.Lock,
// RLock, Semaphore, BoundedSemaphore, Event, queue.Queue) and of devices. The rules
// that move threads between them are Simulation's (sync.cc); here is only
// what each primitive remembers, so that no operation scans all threads.
//
// Rules (sync.cc):
// - A thread that cannot take a lock, rlock or semaphore at once blocks in
//   lock_wait and releases the GIL; waiters are served first come, first
//   served: a release hands the primitive straight to the longest waiter,
//   which then needs a core and the GIL again before its next step. (CPython
//   lets a newcomer barge in; FIFO keeps runs easy to reason about.)
// - Only the holder may release a lock or rlock (stricter than CPython's Lock,
//   which any thread may release: the issue asks for it, and a cross-thread
//   release is almost always a bug); a semaphore may be released
//   by any thread, a BoundedSemaphore never above its initial value (a plain
//   Semaphore, `"bounded": false`, has no limit and may start at 0).
//   A semaphore's permits have no owner: a release by a thread that holds
//   none ends the oldest open hold (its holder no longer counts as holding
//   it, in the deadlock report and in the hold times); see OpenHolds.
//   A forbidden release is an error of the simulated program: the thread dies
//   with Python's exception, keeping what it held, and the run goes on.
// - An uncontended acquire, a release, set, clear, and a put or get that need
//   not wait take no time and keep the GIL.
// - Event.set wakes every waiter; a timed wait wakes at its timeout if not set.
//   A wait with timeout 0 never blocks (Event.wait(0) polls and keeps the GIL).
// - A put on a queue with a waiting getter hands the item to the longest
//   waiting getter; a get from a full queue lets the longest waiting putter in.
//   An item handed to a getter still counts against maxsize until the getter
//   runs again (returns from get), as in queue.Queue, where it stays in the
//   queue until then: a bounded queue never holds more than maxsize.
// - A device serves `channels` I/O requests at once; others queue FIFO.

#include <cstdint>

#include "engine/ring_queue.h"
#include "engine/time.h"
#include "model/observer.h"
#include "model/open_holds.h"
#include "model/scenario.h"

namespace gilsim {

struct SyncState {
  static constexpr ThreadIndex kNobody = UINT32_MAX;
  struct Waiter {
    ThreadIndex thread;
    std::uint32_t generation;  // the thread's generation when it began to wait: stale after a timeout
  };

  SyncKind kind = SyncKind::lock;
  std::int64_t value = 0;  // semaphore: free permits; queue: maxsize (0 = unbounded)
  std::int64_t limit = 0;  // semaphore: the initial value
  bool bounded = true;     // semaphore: BoundedSemaphore (release above `limit` is an error) or Semaphore
  ThreadIndex owner = kNobody;  // lock, rlock
  std::uint32_t depth = 0;      // lock, rlock: acquisitions not yet released
  bool is_set = false;          // event
  RingQueue<Waiter> waiters;        // acquire, event wait, get: in the order they began
  std::size_t stale = 0;            // event: waiters whose timed wait ran out (dropped once they are half)
  RingQueue<ThreadIndex> putters;   // queue: puts waiting for room
  RingQueue<Time> items;            // queue: each item's work
  std::int64_t handed = 0;          // queue: items handed to getters that have not run since
  OpenHolds holders;                // semaphore: who holds its permits, oldest first

  bool full() const { return value > 0 && static_cast<std::int64_t>(items.size()) + handed >= value; }
};

struct DeviceState {
  std::uint32_t channels = 1;
  std::uint32_t busy = 0;
  RingQueue<ThreadIndex> waiting;
};

}  // namespace gilsim

#pragma once
// One process's global interpreter lock, as CPython 3.2+ implements it
// (Python/ceval_gil.c). This class is the lock's state only; the simulation
// decides when threads take, drop and wait for it.
//
// Rules kept here:
// - take: a thread on a core takes the GIL at once if it is free (a newcomer may
//   "barge": there is no queue for a free lock).
// - release: the GIL goes to the longest-waiting waiter, if any (CPython wakes
//   one waiter and the OS picks which; we pick the longest waiting, FIFO). The
//   new holder keeps it while it waits for a core.
// - switch_number counts changes of holder; a waiter's timeout asks for a drop
//   only if it did not change during the whole wait.
// - the drop request is cleared whenever a thread takes the GIL.
// - FORCE_SWITCHING: a thread that drops on request may not take the GIL back
//   before another thread has taken it. Because a released GIL is handed to a
//   waiter at once, and the dropper queues behind the waiters, this holds by
//   construction; `release` asserts it.

#include <cstdint>
#include <optional>

#include "engine/ring_queue.h"
#include "model/observer.h"

namespace gilsim {

class Gil {
 public:
  static constexpr ThreadIndex kNobody = UINT32_MAX;

  bool held() const { return holder_ != kNobody; }
  ThreadIndex holder() const { return holder_; }
  std::uint64_t switch_number() const { return switch_number_; }
  bool drop_requested() const { return drop_requested_; }
  bool has_waiters() const { return !waiters_.empty(); }

  // Takes a free GIL. Precondition: !held().
  void take(ThreadIndex thread) { acquire(thread); }

  void add_waiter(ThreadIndex thread) { waiters_.push_back(thread); }

  // Returns true if this call set the request (it was not already set).
  bool request_drop() {
    bool was = drop_requested_;
    drop_requested_ = true;
    return !was;
  }

  // Releases the GIL; returns the waiter it was handed to, if any.
  std::optional<ThreadIndex> release() {
    holder_ = kNobody;
    if (waiters_.empty()) return std::nullopt;
    ThreadIndex next = waiters_.pop_front();
    acquire(next);
    return next;
  }

 private:
  void acquire(ThreadIndex thread) {
    if (thread != last_holder_) ++switch_number_;
    holder_ = thread;
    last_holder_ = thread;
    drop_requested_ = false;
  }

  ThreadIndex holder_ = kNobody;
  ThreadIndex last_holder_ = kNobody;
  std::uint64_t switch_number_ = 0;
  bool drop_requested_ = false;
  RingQueue<ThreadIndex> waiters_;
};

}  // namespace gilsim

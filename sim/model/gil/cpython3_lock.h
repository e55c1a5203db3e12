#pragma once
// One process's global interpreter lock, as CPython 3.2+ implements it
// (Python/ceval_gil.c). This class is the lock's state; Cpython3Rules
// (cpython3.h) decides when threads take, drop and wait for it. This is
// gil.model "cpython3"; the old lock ("cpython2") is OldGil in
// cpython2_lock.h, with its simplifications of reality; "none" has no lock.
//
// Rules kept here:
// - take: a thread on a core takes the GIL at once if it is free (a newcomer may
//   "barge": there is no queue for a free lock).
// - release: a holder that lets go on its own (a blocking call, C code that
//   releases the GIL, the end of the thread) leaves the GIL free and signals
//   the longest-waiting waiter (CPython signals one waiter and the OS picks
//   which; we pick the longest waiting, FIFO), which takes it when the OS has
//   woken it and it runs, if nobody took it meanwhile: the releaser itself may
//   take it back first (drop_gil only unlocks and signals). A holder that
//   drops on request hands the GIL to the longest waiter, which keeps it while
//   the OS wakes it and while it waits for a core (FORCE_SWITCHING: the
//   dropper waits until another thread has it).
// - a switch is a change of holder (CPython's switch_number); the drop request
//   is cleared whenever a thread takes the GIL.
// - FORCE_SWITCHING: a thread that drops on request may not take the GIL back
//   before another thread has taken it. Because a released GIL is handed to a
//   waiter at once, and the dropper queues behind the waiters, this holds by
//   construction.
//
// Waiters' timers. In CPython every waiter sleeps in a timed wait of one switch
// interval I, again and again: a waiter that began waiting at w times out at
// w + I, w + 2I, ... and a timeout asks for a drop only if no switch happened
// during that interval. Simulating each timeout would cost every waiter an event
// per interval (a thousand waiters: 200,000 events per simulated second), yet
// only the first timeout that can ask for the drop matters. So the GIL computes
// it: after the last switch at h, waiter w's first useful timeout is
//   w + I                     if w began waiting after the switch (w >= h),
//   h + 2I                    if w began waiting at h, just before the switch,
//   h + I + ((w - h) mod I)   if w < h (its next tick at or after h, plus I),
// a timeout tick at exactly h counting as after the switch. Waiters of the
// third kind sit in a tree ordered by phase (w mod I), WaiterPhases
// (waiter_phases.h), whose cursor, set at each switch, is the earliest; the
// other two kinds are in FIFO order, so the earliest is the first of each.
// Ties go to the longest waiting. A waiter leaves the tree by the handle it
// got there, kept with it in the FIFO.

#include <cstdint>
#include <optional>

#include "engine/ring_queue.h"
#include "engine/time.h"
#include "model/gil/waiter_phases.h"
#include "model/thread_state.h"

namespace gilsim {

class Gil {
 public:
  static constexpr ThreadIndex kNobody = UINT32_MAX;

  // Waiting allocates nothing once the FIFO and the tree have reached their largest size.
  explicit Gil(Time switch_interval) : interval_(switch_interval) {}

  bool held() const { return holder_ != kNobody; }
  ThreadIndex holder() const { return holder_; }
  std::uint64_t switch_number() const { return switch_number_; }
  bool drop_requested() const { return drop_requested_; }
  bool has_waiters() const { return !waiters_.empty(); }

  // Takes a free GIL. Precondition: !held().
  void take(ThreadIndex thread, Time now) { acquire(thread, now); }

  void add_waiter(ThreadIndex thread, Time now) {
    waiters_.push_back({now, next_order_++, thread, WaiterPhases::kNone});
    ++recent_;
  }

  std::size_t waiter_count() const { return waiters_.size(); }

  // Returns true if this call set the request (it was not already set).
  bool request_drop() {
    bool was = drop_requested_;
    drop_requested_ = true;
    return !was;
  }

  // Releases the GIL; returns the waiter it was handed to, if any.
  std::optional<ThreadIndex> release(Time now);
  // Frees the GIL and takes the longest waiter out of the waiters (it was
  // signalled and will try again); returns it, if any.
  std::optional<ThreadIndex> free_and_signal();

  struct DropRequest {
    Time at;                // when that waiter's timeout asks for a drop
    ThreadIndex requester;  // which waiter asks
  };
  // The next drop request, if no switch happens before it; empty when nobody
  // waits or a drop is already requested (further timeouts change nothing).
  std::optional<DropRequest> next_drop_request() const;

 private:
  struct Waiter {
    Time since;
    std::uint64_t order;
    ThreadIndex thread;
    WaiterPhases::Handle phase;  // its node in by_phase_, if there
  };
  void acquire(ThreadIndex thread, Time now);
  std::optional<Waiter> pop_longest();

  Time interval_;
  ThreadIndex holder_ = kNobody;
  ThreadIndex last_holder_ = kNobody;
  std::uint64_t switch_number_ = 0;
  Time last_switch_ = 0;
  bool drop_requested_ = false;
  // FIFO, the order of hand-offs: [in by_phase_][at_switch_][recent_]; the
  // tree holds the same waiters as the first part (ordered by phase, cursor
  // at the last switch's phase).
  RingQueue<Waiter> waiters_;
  std::size_t at_switch_ = 0;         // began waiting at the last switch's instant, before it
  std::size_t recent_ = 0;            // began waiting after the last switch
  WaiterPhases by_phase_;             // began waiting before the last switch's instant
  std::uint64_t next_order_ = 0;
};

}  // namespace gilsim

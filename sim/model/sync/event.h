#pragma once
// threading.Event: a flag and the threads waiting for it.
// - set() wakes every waiter that is still waiting; clear() resets the flag.
// - A wait returns at once if the flag is set, or with timeout 0 (it polls);
//   otherwise the thread waits, until set or, for a timed wait, its timeout.
// - A timed-out wait leaves a stale entry (the waiter's generation tells it
//   apart); stale entries are dropped once they are half of them, so polling
//   with a timeout does not grow memory with the run: amortised O(1) a wait.

#include <cstdint>
#include <vector>

#include "engine/ring_queue.h"
#include "model/thread_state.h"

namespace gilsim {

class Event {
 public:
  struct Waiter {
    ThreadIndex thread;
    std::uint32_t generation;  // the thread's when it began to wait: stale after a timeout
  };

  bool is_set() const { return is_set_; }
  std::size_t entries() const { return waiters_.size(); }  // live and stale (memory: tests)

  // A wait that would not block: the flag is set, or it polls (timeout 0).
  bool passes(bool timed, Time timeout) const { return is_set_ || (timed && timeout == 0); }
  void add_waiter(ThreadIndex t, std::uint32_t generation) { waiters_.push_back({t, generation}); }

  // Sets the flag; appends the waiters still waiting (`live(w)`) to `woken`, in the order they began.
  template <class Live>
  void set(Live live, std::vector<ThreadIndex>& woken) {
    is_set_ = true;
    while (!waiters_.empty()) {
      Waiter w = waiters_.pop_front();
      if (live(w)) woken.push_back(w.thread);
    }
    stale_ = 0;
  }
  void clear() { is_set_ = false; }

  // A timed wait ran out: its entry is stale.
  template <class Live>
  void timed_out(Live live) {
    if (++stale_ * 2 < waiters_.size()) return;
    waiters_.retain(live);
    stale_ = 0;
  }

 private:
  bool is_set_ = false;
  RingQueue<Waiter> waiters_;  // in the order they began
  std::size_t stale_ = 0;      // waiters whose timed wait ran out
};

}  // namespace gilsim

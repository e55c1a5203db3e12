#pragma once
// One process's interpreter lock as CPython 2 (up to 3.1) implements it: a
// plain lock (a semaphore, or a mutex and a condition) with no hand-off, no
// drop request and no queue. This class is the lock's state and its
// bookkeeping; Cpython2Rules (cpython2.h) decides when threads try, sleep and wake.
//
// The rules (gil.model "cpython2"):
// - Every `check_interval` of Python compute (100 "ticks"; the counter belongs
//   to the lock, like CPython 2's _Py_Ticker, and carries over from holder to
//   holder) the holder releases the lock and at once takes it again.
// - While another thread waits for the lock (asleep, waking or trying), each
//   such release is a system call: the holder spends `signal_cost` in it
//   before it computes on. The first asleep waiter, if any, is signalled; it
//   becomes runnable `wakeup_latency` later and must then get a core to try.
//   With nobody waiting a release-and-re-take costs nothing and is no event.
// - A thread on a core that finds the lock free takes it (no queue: whoever
//   tries first wins). If it is held, the try fails and the thread sleeps on
//   the lock until signalled: a wasted wake-up.
// - The lock is free only while its holder signals. A try that lands in that
//   window wins it: the holder then sleeps on the lock in turn. The model
//   replaces the chance of landing there, signal_cost / (check_interval +
//   signal_cost) per try at a holder that is computing on a core, by an
//   accumulator: every try adds signal_cost, and the try that brings the sum
//   to check_interval + signal_cost wins (so with the defaults, 2us and 5us,
//   about every 3.5th). A holder that is off its core (preempted) holds the
//   lock for sure, and a holder nobody waited for had no window at all.
// - When the holder blocks or finishes it releases the lock and signals the
//   first asleep waiter, which needs `wakeup_latency` before it can try.
//
// Simplifications (README "The other GILs"): the lock is free at a check only
// in the accounted sense above, never for a stretch of simulated time; the
// wake-up latency is fixed, not drawn; the cost of a wasted wake-up falls on
// the waiter's core (an instant), not on the holder; on one core the OS never
// preempts the releaser at its signal, so the GIL changes hands only when the
// holder blocks or finishes (real 2.x switched now and then there).

#include <cstdint>
#include <optional>

#include "engine/ring_queue.h"
#include "engine/time.h"
#include "model/thread_state.h"
#include "model/scenario.h"

namespace gilsim {

class OldGil {
 public:
  static constexpr ThreadIndex kNobody = UINT32_MAX;

  explicit OldGil(const GilSpec& spec)
      : check_interval_(spec.check_interval), signal_cost_(spec.signal_cost), ticker_(spec.check_interval) {}

  bool held() const { return holder_ != kNobody; }
  ThreadIndex holder() const { return holder_; }
  void take(ThreadIndex thread) { holder_ = thread; }
  void release() { holder_ = kNobody; }

  // Waiters: threads that failed a try and have not taken the lock since.
  bool contended() const { return waiting_ > 0; }
  void add_waiter() { ++waiting_; }
  void waiter_took_it() { --waiting_; }
  void sleep(ThreadIndex thread) { asleep_.push_back(thread); }
  // The first asleep waiter, now woken (still a waiter until it takes the lock).
  std::optional<ThreadIndex> signal() {
    if (asleep_.empty()) return std::nullopt;
    return asleep_.pop_front();
  }

  // A try at a lock whose holder computes on a core: true when it lands in
  // the holder's release window (see above).
  // (luck + signal_cost >= check_interval + signal_cost, written so that no
  // sum of two durations can overflow.)
  bool lucky_try() {
    if (!contended() || signal_cost_ == 0) return false;
    if (luck_ >= check_interval_) {
      luck_ -= check_interval_;
      return true;
    }
    luck_ = signal_cost_ > kTimeMax - luck_ ? kTimeMax : luck_ + signal_cost_;
    return false;
  }

  // The holder's compute runs in segments: `overhead` (the signal at a check)
  // then `compute`. Uncontended, one segment covers the whole compute (its
  // checks are free); contended, a segment ends at the next check.
  struct Segment {
    Time overhead;
    Time compute;
  };
  // Starts a segment of a compute with `remaining` left; performs the check
  // first if one is due. Returns the segment; `signalled` is set if the check
  // woke an asleep waiter.
  Segment begin_segment(Time remaining, std::optional<ThreadIndex>& signalled) {
    Time overhead = 0;
    if (ticker_ == 0) {
      ticker_ = check_interval_;
      if (contended()) {
        overhead = signal_cost_;
        signalled = signal();
      }
    }
    segment_ = {overhead, contended() && remaining > ticker_ ? ticker_ : remaining};
    return segment_;
  }
  // Compute done `elapsed` after the current segment began (at most the
  // segment's compute); advances the tick counter by it. A check's overhead
  // cut short is not owed later.
  Time progress(Time elapsed) {
    Time done = elapsed <= segment_.overhead ? 0 : elapsed - segment_.overhead;
    if (done > segment_.compute) done = segment_.compute;
    advance(done);
    segment_ = {0, 0};
    return done;
  }

 private:
  // Ticks left after `compute` more: 0 means a check is due before the next.
  void advance(Time compute) {
    if (compute < ticker_) {
      ticker_ -= compute;
      return;
    }
    Time past = (compute - ticker_) % check_interval_;  // checks on the way were free or their own segments
    ticker_ = past == 0 ? 0 : check_interval_ - past;
  }

  Time check_interval_;
  Time signal_cost_;
  ThreadIndex holder_ = kNobody;
  std::uint32_t waiting_ = 0;
  RingQueue<ThreadIndex> asleep_;  // FIFO: the longest asleep is signalled first
  Time ticker_;                    // compute left until the next check, 0 = due
  Time luck_ = 0;
  Segment segment_{0, 0};
};

}  // namespace gilsim

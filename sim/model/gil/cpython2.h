#pragma once
// gil.model "cpython2": how threads try, sleep on, wake for and hold CPython
// 2's lock. The rules and their simplifications are in cpython2_lock.h
// (OldGil, the lock's own bookkeeping); here is what they mean for threads:
// - A thread on a core that finds the lock free takes it. If the holder is
//   computing on a core, a try may land in its release window (OldGil's
//   lucky_try): the try wins and the holder, whose re-take fails, sleeps on
//   the lock in turn. Otherwise the try fails and the thread sleeps until
//   signalled (a wasted wake-up).
// - A holder that lets go signals the first sleeper, which becomes runnable
//   `wakeup_latency` later and must get a core to try.
// - While others wait, the holder's compute runs in segments of one check
//   interval, each after a check that costs `signal_cost` and signals a
//   sleeper; when contention begins, the holder's plan is made again.

#include <vector>

#include "model/gil/cpython2_lock.h"
#include "model/gil/gil_rules.h"
#include "model/scenario.h"

namespace gilsim {

class Cpython2Rules final : public GilRules {
 public:
  Cpython2Rules(const GilSpec& spec, std::size_t processes, std::size_t threads);

  ThreadIndex holder(ProcessIndex p) const override { return gils_[p].holder(); }
  GilNeed need(ProcessIndex p, ThreadIndex t, Time now, const ThreadStates& states) override;
  bool drop_requested(ProcessIndex) const override { return false; }  // no drop request in CPython 2
  GilRelease release(ProcessIndex p, ThreadIndex t, Time now, bool forced) override;
  GilTimer wait_again(ProcessIndex, ThreadIndex, Time) override { return {}; }
  GilTimeout on_timer(ProcessIndex, Time, const ThreadStates&) override { return {}; }
  void holder_in_c(ProcessIndex p, bool in_c) override { in_c_[p] = in_c; }

  bool segments_compute() const override { return true; }
  GilSegment begin_segment(ProcessIndex p, Time remaining) override;
  Time progress(ProcessIndex p, Time elapsed) override { return gils_[p].progress(elapsed); }

 private:
  void take(ProcessIndex p, ThreadIndex t);
  void sleep(ProcessIndex p, ThreadIndex t);  // t failed a try (or lost the lock): it waits until signalled
  GilWake signalled(std::optional<ThreadIndex> thread) const;

  Time wakeup_latency_;
  std::vector<OldGil> gils_;         // per process
  std::vector<std::uint8_t> waiter_;  // per thread: among its lock's waiters
  std::vector<std::uint8_t> in_c_;    // per process: the holder runs C code that keeps the lock (no checks)
};

}  // namespace gilsim

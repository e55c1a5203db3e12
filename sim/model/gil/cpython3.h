#pragma once
// gil.model "cpython3": CPython 3.2+'s GIL (Python/ceval_gil.c) as the
// simulation's rules. The lock's own bookkeeping (who holds it, who waits,
// when the next drop request comes) is Gil, in cpython3_lock.h.
//
// - A thread on a core takes the GIL at once if it is free; otherwise it
//   leaves its core and waits, with its own timer of one switch interval
//   (plus the timer slack: pthread_cond_timedwait in take_gil is a timer).
// - When a waiter's timer fires and the GIL has not changed hands during its
//   whole wait, it sets the drop request. The holder drops at once if it is
//   on a core running bytecode, or as soon as it runs bytecode again (the OS
//   runs it, its C call returns); the dropper waits again behind the other
//   waiters (FORCE_SWITCHING).
// - A GIL dropped on request goes to the longest waiter, which holds it from
//   then on; it becomes runnable `handoff_latency` later (the OS wakes it).
// - A GIL let go otherwise (a blocking call, C code, the thread's end) is
//   free: the longest waiter is signalled, runnable `handoff_latency` later,
//   and takes it then if it is still free, else waits again with a fresh
//   timer. A thread that asks first, the releaser back from a short call
//   among them, takes it.
// One timer per process: the first waiter's timeout that can ask for a drop.

#include <vector>

#include "model/gil/cpython3_lock.h"
#include "model/gil/gil_rules.h"
#include "model/scenario.h"

namespace gilsim {

class Cpython3Rules final : public GilRules {
 public:
  Cpython3Rules(const GilSpec& spec, Time timer_slack, std::size_t processes);

  ThreadIndex holder(ProcessIndex p) const override { return gils_[p].holder(); }
  GilNeed need(ProcessIndex p, ThreadIndex t, Time now, const ThreadStates& states) override;
  bool drop_requested(ProcessIndex p) const override { return gils_[p].drop_requested(); }
  GilRelease release(ProcessIndex p, ThreadIndex t, Time now, bool forced) override;
  GilTimer wait_again(ProcessIndex p, ThreadIndex t, Time now) override;
  GilTimeout on_timer(ProcessIndex p, Time now, const ThreadStates& states) override;
  void holder_in_c(ProcessIndex p, bool in_c) override { in_c_[p] = in_c; }

  const Gil& lock(ProcessIndex p) const { return gils_[p]; }

 private:
  GilTimer rearm(ProcessIndex p, Time now) const;

  Time handoff_latency_;
  std::vector<Gil> gils_;           // per process
  std::vector<std::uint8_t> in_c_;  // per process: the holder runs C code that keeps the GIL
};

}  // namespace gilsim

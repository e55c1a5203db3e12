#pragma once
// A GIL model: the rules of one kind of global interpreter lock, for every
// process that has one. The simulation asks it for decisions at the moments
// that matter (a thread needs the lock, a holder lets go, a holder is about
// to run Python, the process's timer fires) and carries them out: which
// thread holds the lock, which waits, who is woken and when, when the timer
// is due. The model owns the lock's state; it never touches a thread, a core
// or an observer, so its rules are tested without a simulation
// (tests/unit/test_gil_rules.cc).
//
// Models (model/gil/registry.h): cpython3 (CPython 3.2+, cpython3.h),
// cpython2 (CPython 2's lock, cpython2.h), none (no lock: every process is
// free-threaded, and no model object exists).

#include <cstdint>
#include <optional>

#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

// A thread the lock wakes: handed the lock (it holds it from now on, while
// the OS wakes it and it waits for a core), or signalled to try again.
struct GilWake {
  ThreadIndex thread = kNoThread;  // kNoThread: nobody
  bool holds = false;              // a hand-off (rather than a signal)
  bool forced = false;             // the hand-off follows a drop on request
  Time after = 0;                  // runnable this long from now, through a wake-up event
  bool at_once = false;            // runnable at once, in this very step (no event)
};

// The process's timer: when `rearm`, any pending timeout is void and, if `at`
// is set, a new one is due then.
struct GilTimer {
  bool rearm = false;
  std::optional<Time> at;
};

// need(): thread t, on a core, needs the lock.
struct GilNeed {
  bool holds = false;  // t holds it now and goes on; else t leaves its core and waits
  // The holder that lost the lock to t without asking (cpython2: t's try came
  // while it signalled); it left its core and waits for the lock in turn.
  ThreadIndex displaced = kNoThread;
  GilWake wake;   // who the displaced holder's release signalled
  GilTimer timer;
  // The holder's compute must be planned again (contention began: cpython2).
  bool replan_holder = false;
};

struct GilRelease {
  GilWake wake;  // the waiter the lock went to, or the sleeper signalled
  GilTimer timer;
};

// on_timer(): a waiter's timeout fired.
struct GilTimeout {
  ThreadIndex requester = kNoThread;  // set the drop request now (it was not set before)
  bool holder_drops = false;          // the holder is on a core, running bytecode: it drops at once
};

// A piece of the holder's Python compute (segments_compute()): `length` of
// core time of which the first part may be overhead, not progress.
struct GilSegment {
  Time length = 0;
  GilWake wake;  // a sleeper signalled at the check that began the segment
};

class GilRules {
 public:
  virtual ~GilRules() = default;

  virtual ThreadIndex holder(ProcessIndex p) const = 0;
  // t is on a core, does not hold p's lock and needs it to run Python.
  // `states` tells who is running (a holder preempted holds the lock for sure).
  virtual GilNeed need(ProcessIndex p, ThreadIndex t, Time now, const ThreadStates& states) = 0;
  // The holder is about to run a Python step: must it drop first (a waiter asked)?
  virtual bool drop_requested(ProcessIndex p) const = 0;
  // The holder t lets go: it blocks, finishes or runs native code, or
  // (`forced`) drops on request and then waits again (wait_again).
  virtual GilRelease release(ProcessIndex p, ThreadIndex t, Time now, bool forced) = 0;
  // t dropped on request and waits behind the other waiters.
  virtual GilTimer wait_again(ProcessIndex p, ThreadIndex t, Time now) = 0;
  // p's timer, as last armed, is due now.
  virtual GilTimeout on_timer(ProcessIndex p, Time now, const ThreadStates& states) = 0;
  // The holder of p's lock runs C code that keeps it ("gil": "hold") from
  // now on (`in_c`) or no longer: no eval breaker is checked meanwhile, so it
  // neither drops on request nor reaches a check.
  virtual void holder_in_c(ProcessIndex p, bool in_c) = 0;

  // Whether the holder's Python compute runs in segments (cpython2's checks).
  // If not, a compute is one piece and the two calls below are not made.
  virtual bool segments_compute() const { return false; }
  // The next segment of the holder's compute, `remaining` left.
  virtual GilSegment begin_segment(ProcessIndex p, Time remaining) {
    (void)p;
    return {remaining, {}};
  }
  // Compute done `elapsed` into the current segment (the segment then ends).
  virtual Time progress(ProcessIndex p, Time elapsed) {
    (void)p;
    return elapsed;
  }
};

}  // namespace gilsim

#pragma once
// What the model tells the outside world while it runs. Reports implement this
// interface; the model knows nothing of how (or whether) anything is rendered.

#include <cstdint>
#include <string_view>

#include "engine/time.h"
#include "model/deadlock.h"
#include "model/pool/executor.h"
#include "model/pool/pool_work.h"
#include "model/sync/effects.h"
#include "model/sync/release_refusal.h"
#include "model/thread_state.h"

namespace gilsim {

class Observer {
 public:
  virtual ~Observer() = default;
  // A thread's state changed (ThreadStates): from what, since when, to what.
  virtual void on_thread_state(const StateChange& change) = 0;
  // `forced` = the previous holder dropped the GIL because a waiter asked it to.
  virtual void on_gil_acquire(Time t, ProcessIndex process, ThreadIndex holder, bool forced) = 0;
  virtual void on_gil_release(Time t, ProcessIndex process, ThreadIndex holder) = 0;
  virtual void on_gil_drop_request(Time t, ProcessIndex process, ThreadIndex requester) = 0;
  virtual void on_print(Time t, ThreadIndex thread, std::string_view text) = 0;
  // `core` spends [t, t + duration) switching to thread `incoming`
  // (scheduler.context_switch); the thread stays ready until then.
  virtual void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) {
    (void)t, (void)core, (void)incoming, (void)duration;
  }
  // Unfinished threads can never proceed; called once, just before on_end.
  virtual void on_deadlock(const Deadlock& deadlock) = 0;
  // A thread operated on a primitive (see SyncOp). Threads that block show it as a state.
  virtual void on_sync(Time, ThreadIndex, SyncIndex, SyncOp, std::int64_t /*value*/) {}
  // A thread made a forbidden release and dies (Outcome::program_error has the first).
  virtual void on_program_error(const ProgramError&) {}
  // A device channel begins (`begin`) or ends serving the thread's I/O.
  virtual void on_device(Time, ThreadIndex, DeviceIndex, bool /*begin*/) {}
  // Executor `executor` (Roster::executors order) set a call's future.
  virtual void on_pool_call(std::uint32_t /*executor*/, const PoolDone&) {}
  // `executor` started `count` more workers (a thread pool one at a time, a
  // process pool all of them at its first submit).
  virtual void on_pool_workers(std::uint32_t /*executor*/, std::uint32_t /*count*/) {}
  // A worker of `executor` had a call from `taken` (it took it) until
  // `finished` (a thread pool's worker set its future; a process pool's
  // worker wrote its result to the pipe).
  virtual void on_pool_busy(std::uint32_t /*executor*/, ThreadIndex /*worker*/, Time /*taken*/, Time /*finished*/) {}
  // A thread of `executor` took on `duration` of pickling, unpickling or a pipe write for a call.
  virtual void on_pool_cost(std::uint32_t /*executor*/, ThreadIndex /*thread*/, PoolCostKind, Time /*duration*/) {}
  // Called once, when the run ends (all threads finished, or deadlock), with
  // every thread's state then: what is still open closes at `t`.
  virtual void on_end(Time t, const ThreadStates& states) = 0;
};

}  // namespace gilsim

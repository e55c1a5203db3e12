#pragma once
// What the model tells the outside world while it runs. Reports implement this
// interface; the model knows nothing of how (or whether) anything is rendered.

#include <cstdint>
#include <string_view>

#include "engine/time.h"
#include "model/thread_state.h"

namespace gilsim {

// What a thread did to a primitive (on_sync). `value` is the count after the
// operation: a lock's or rlock's depth, a semaphore's free permits, the
// queue's length, the event's flag (1 set, 0 clear).
enum class SyncOp : std::uint8_t {
  acquire,   // took a lock, rlock or semaphore (also when handed over to a waiter)
  release,
  set,
  clear,
  put,       // an item entered the queue (or went straight to a waiting getter)
  get,       // an item left the queue
  error,     // a release the program may not make: the thread dies with the error
};
const char* sync_op_name(SyncOp op);

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
  virtual void on_deadlock(Time t, std::string_view message) = 0;
  // A thread operated on a primitive (see SyncOp). Threads that block show it as a state.
  virtual void on_sync(Time, ThreadIndex, SyncIndex, SyncOp, std::int64_t /*value*/) {}
  // The thread made a forbidden release and dies (the message as Outcome::program_error has it).
  virtual void on_program_error(Time, ThreadIndex, std::string_view /*message*/) {}
  // A device channel begins (`begin`) or ends serving the thread's I/O.
  virtual void on_device(Time, ThreadIndex, DeviceIndex, bool /*begin*/) {}
  // Called once, when the run ends (all threads finished, or deadlock), with
  // every thread's state then: what is still open closes at `t`.
  virtual void on_end(Time t, const ThreadStates& states) = 0;
};

}  // namespace gilsim

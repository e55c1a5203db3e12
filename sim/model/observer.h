#pragma once
// What the model tells the outside world while it runs. Reports implement this
// interface; the model knows nothing of how (or whether) anything is rendered.

#include <cstdint>
#include <string_view>

#include "engine/time.h"

namespace gilsim {

using ThreadIndex = std::uint32_t;   // global, in declaration order
using ProcessIndex = std::uint32_t;  // global, in declaration order (copies expanded)
using CoreIndex = std::uint32_t;

enum class ThreadState : std::uint8_t {
  not_started,  // not alive yet
  ready,        // runnable, waiting in the OS ready queue for a core
  running,      // on a core
  gil_wait,     // off its core, waiting for its process's GIL
  sleep,        // time.sleep
  io,           // blocking I/O
  join,         // Thread.join: waiting for another thread to finish
  start,        // Thread.start: waiting for the new thread to begin running
  process_wait, // a wait step: waiting for another process to finish
  finished,     // not alive any more
};
inline constexpr int kThreadStateCount = 10;

const char* state_name(ThreadState s);  // "running", "gil_wait", ...

class Observer {
 public:
  virtual ~Observer() = default;
  // `detail` is the core for running, the awaited thread for join and start,
  // the awaited process for process_wait, otherwise 0.
  virtual void on_thread_state(Time t, ThreadIndex thread, ThreadState state, std::uint32_t detail) = 0;
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
  // Called once, when the run ends (all threads finished, or deadlock).
  virtual void on_end(Time t) = 0;
};

}  // namespace gilsim

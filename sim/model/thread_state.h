#pragma once
// What a thread is doing, and the one record of it: the model changes a
// thread's state through ThreadStates, which hands every observer the whole
// change (from, to, since), so no collector keeps a shadow of the state.

#include <cstdint>
#include <vector>

#include "engine/time.h"

namespace gilsim {

using ThreadIndex = std::uint32_t;   // global, in declaration order
using ProcessIndex = std::uint32_t;  // global, in declaration order (copies expanded)
using CoreIndex = std::uint32_t;
using SyncIndex = std::uint32_t;    // a primitive: global, in declaration order (process copies expanded)
using DeviceIndex = std::uint32_t;  // in declaration order
inline constexpr ThreadIndex kNoThread = UINT32_MAX;  // "nobody"

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
  // Blocked on a primitive (detail: its SyncIndex), or queued for a device
  // (detail: its DeviceIndex). A blocked thread has released the GIL.
  lock_wait,    // acquire of a lock, rlock or semaphore
  event_wait,   // Event.wait
  queue_wait,   // Queue.get on an empty queue, Queue.put on a full one
  device_wait,  // I/O queued for a free channel of a device
};
inline constexpr int kThreadStateCount = 14;

const char* state_name(ThreadState s);  // "running", "gil_wait", ...

// Alive: started and not finished (what concurrency counts).
inline bool is_alive(ThreadState s) { return s != ThreadState::not_started && s != ThreadState::finished; }

// States whose detail names something: a core, a thread, a primitive, a device.
inline bool state_has_detail(ThreadState s) {
  return s == ThreadState::running || s == ThreadState::join || s == ThreadState::start ||
         s == ThreadState::process_wait || s >= ThreadState::lock_wait;
}

// One change of one thread's state. A detail is the core for running, the
// awaited thread for join and start, the awaited process for process_wait,
// the primitive or device for the waits on them, otherwise 0.
struct StateChange {
  Time at = 0;      // when `to` begins
  Time since = 0;   // when `from` began
  ThreadIndex thread = 0;
  std::uint32_t from_detail = 0;
  std::uint32_t detail = 0;  // of `to`
  ThreadState from = ThreadState::not_started;
  ThreadState to = ThreadState::not_started;
  Time length() const { return at - since; }  // how long `from` lasted
};

// Every thread's current state, since when, and its detail: 16 bytes a thread.
class ThreadStates {
 public:
  explicit ThreadStates(std::size_t threads) : now_(threads) {}

  std::size_t size() const { return now_.size(); }
  ThreadState state(ThreadIndex t) const { return now_[t].state; }
  Time since(ThreadIndex t) const { return now_[t].since; }
  std::uint32_t detail(ThreadIndex t) const { return now_[t].detail; }

  // Thread t changes to `to` at `at`; returns the whole change.
  StateChange change(ThreadIndex t, ThreadState to, std::uint32_t detail, Time at) {
    Now& now = now_[t];
    StateChange c{at, now.since, t, now.detail, detail, now.state, to};
    now = {at, detail, to};
    return c;
  }
  // The state t is still in at `at`, as a change to itself (closing it at the end of a run).
  StateChange current(ThreadIndex t, Time at) const {
    const Now& now = now_[t];
    return {at, now.since, t, now.detail, now.detail, now.state, now.state};
  }

 private:
  struct Now {
    Time since = 0;
    std::uint32_t detail = 0;
    ThreadState state = ThreadState::not_started;
  };
  std::vector<Now> now_;
};

}  // namespace gilsim

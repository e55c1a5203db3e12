#pragma once
// What a thread is doing, and the one record of it: the model changes a
// thread's state through ThreadStates, which hands every observer the whole
// change (from, to, since), so no collector keeps a shadow of the state.

#include <cstddef>
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
  // On a core, running native code without the GIL: a C extension that
  // released it ("gil": false), or a print's write(). C code that keeps the
  // GIL ("gil": "hold") is `running`: to the other threads it is Python.
  native,
};
inline constexpr int kThreadStateCount = 15;

const char* state_name(ThreadState s);  // "running", "gil_wait", ...

// Alive: started and not finished (what concurrency counts).
inline bool is_alive(ThreadState s) { return s != ThreadState::not_started && s != ThreadState::finished; }
// Blocked on a primitive or queued for a device (detail: which).
inline bool is_sync_wait(ThreadState s) { return s >= ThreadState::lock_wait && s <= ThreadState::device_wait; }
// On a core (what parallelism counts): Python or native code.
inline bool on_core(ThreadState s) { return s == ThreadState::running || s == ThreadState::native; }

// States whose detail names something: a core, a thread, a primitive, a device.
inline bool state_has_detail(ThreadState s) {
  return on_core(s) || s == ThreadState::join || s == ThreadState::start || s == ThreadState::process_wait ||
         is_sync_wait(s);
}

// One change of one thread's state. A detail is the core for running and native, the
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
  bool migrated = false;  // to running: on another core than the one it last ran on
  Time length() const { return at - since; }  // how long `from` lasted
};

// Every thread's current state, since when, and its detail. An Entry is 13
// bytes; the simulation embeds one at the start of each thread's cache line
// (as a base class, so its tail padding holds other fields), and ThreadStates
// is then a view over those lines: the state is read and written where the
// step loop already is, with no array of its own to miss in the cache. Made
// with a thread count, it owns its entries (tests, hand-fed collectors).
class ThreadStates {
 public:
  // Not an aggregate (private members), so a record deriving from it may use
  // its tail padding (Itanium C++ ABI).
  class Entry {
   public:
    ThreadState state() const { return state_; }

   private:
    friend class ThreadStates;
    Time since_ = 0;
    std::uint32_t detail_ = 0;
    ThreadState state_ = ThreadState::not_started;
  };

  explicit ThreadStates(std::size_t threads) : own_(threads), base_(own_.data()), count_(threads), stride_(sizeof(Entry)) {}
  // A view: `count` entries, the first at `first`, each `stride` bytes after the one before.
  ThreadStates(Entry* first, std::size_t count, std::size_t stride)
      : base_(first), count_(count), stride_(stride) {}
  ThreadStates(const ThreadStates&) = delete;
  ThreadStates& operator=(const ThreadStates&) = delete;
  // A moved vector keeps its buffer, so an owning tracker's view stays valid.
  ThreadStates(ThreadStates&&) noexcept = default;
  ThreadStates& operator=(ThreadStates&&) noexcept = default;

  std::size_t size() const { return count_; }
  ThreadState state(ThreadIndex t) const { return at(t).state_; }
  Time since(ThreadIndex t) const { return at(t).since_; }
  std::uint32_t detail(ThreadIndex t) const { return at(t).detail_; }

  // Thread t changes to `to` at `at`; returns the whole change.
  StateChange change(ThreadIndex t, ThreadState to, std::uint32_t detail, Time when, bool migrated = false) {
    Entry& now = at(t);
    StateChange c{when, now.since_, t, now.detail_, detail, now.state_, to, migrated};
    now.since_ = when;
    now.detail_ = detail;
    now.state_ = to;
    return c;
  }
  // The state t is still in at `when`, as a change to itself (closing it at the end of a run).
  StateChange current(ThreadIndex t, Time when) const {
    const Entry& now = at(t);
    return {when, now.since_, t, now.detail_, now.detail_, now.state_, now.state_};
  }

 private:
  Entry& at(ThreadIndex t) const {
    return *reinterpret_cast<Entry*>(reinterpret_cast<std::byte*>(base_) + std::size_t{t} * stride_);
  }

  std::vector<Entry> own_;  // empty for a view
  Entry* base_ = nullptr;
  std::size_t count_ = 0;
  std::size_t stride_ = sizeof(Entry);
};

}  // namespace gilsim

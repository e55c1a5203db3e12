#pragma once
// Hand-made runs for the collectors' tests: calls in the form a reader of a
// run writes them down ("at 5 ms thread 1 runs on core 1"), turned into what
// the model hands its observers. The thread states are kept in a
// ThreadStates, as the model keeps them, so a StateChange's `from` and
// `since` are the model's, not the test's.

#include <string_view>
#include <vector>

#include "model/observer.h"
#include "model/roster.h"

namespace gilsim::testing {

// A deadlock of one thread stuck joining another (which is in `state`).
inline Deadlock stuck_join(Time at, ThreadIndex waiter, ThreadIndex joined, ThreadState state = ThreadState::running) {
  StuckThread w;
  w.thread = waiter;
  w.state = ThreadState::join;
  w.on = joined;
  w.holders = {{joined, state}};
  Deadlock d;
  d.at = at;
  d.stuck = {w};
  return d;
}

// Where each thread last ran, to say whether a dispatch migrated it, as the
// model does.
class LastCores {
 public:
  bool migrated(ThreadIndex t, ThreadState to, std::uint32_t core) {
    if (!on_core(to)) return false;
    if (t >= last_.size()) last_.resize(t + 1, UINT32_MAX);
    bool moved = last_[t] != UINT32_MAX && last_[t] != core;
    last_[t] = core;
    return moved;
  }

 private:
  std::vector<std::uint32_t> last_;
};

// Forwards to an observer it does not own.
class Feed {
 public:
  Feed(Observer& to, const Roster& roster) : to_(to), states_(roster.threads().size()) {}

  Observer& observer() { return to_; }
  const ThreadStates& states() const { return states_; }

  void on_thread_state(Time t, ThreadIndex thread, ThreadState state, std::uint32_t detail) {
    to_.on_thread_state(states_.change(thread, state, detail, t, cores_.migrated(thread, state, detail)));
  }
  void on_gil_acquire(Time t, ProcessIndex p, ThreadIndex holder, bool forced) {
    to_.on_gil_acquire(t, p, holder, forced);
  }
  void on_gil_release(Time t, ProcessIndex p, ThreadIndex holder) { to_.on_gil_release(t, p, holder); }
  void on_gil_drop_request(Time t, ProcessIndex p, ThreadIndex requester) {
    to_.on_gil_drop_request(t, p, requester);
  }
  void on_print(Time t, ThreadIndex thread, std::string_view text) { to_.on_print(t, thread, text); }
  void on_core_overhead(Time t, CoreIndex core, ThreadIndex incoming, Time duration) {
    to_.on_core_overhead(t, core, incoming, duration);
  }
  void on_sync(Time t, ThreadIndex thread, SyncIndex sync, SyncOp op, std::int64_t value) {
    to_.on_sync(t, thread, sync, op, value);
  }
  void on_device(Time t, ThreadIndex thread, DeviceIndex device, bool begin) {
    to_.on_device(t, thread, device, begin);
  }
  void on_deadlock(const Deadlock& deadlock) { to_.on_deadlock(deadlock); }
  void on_end(Time t) { to_.on_end(t, states_); }

 private:
  Observer& to_;
  ThreadStates states_;
  LastCores cores_;
};

// A collector that is fed directly: Fed<Recorder> rec(roster) takes the
// hand-written calls and keeps the collector's own interface (rec.take()).
template <class Collector>
class Fed : public Collector {
 public:
  template <class... Args>
  explicit Fed(const Roster& roster, Args&&... args)
      : Collector(roster, std::forward<Args>(args)...), states_(roster.threads().size()) {}

  using Collector::on_end;
  using Collector::on_thread_state;
  void on_thread_state(Time t, ThreadIndex thread, ThreadState state, std::uint32_t detail) {
    Collector::on_thread_state(states_.change(thread, state, detail, t, cores_.migrated(thread, state, detail)));
  }
  void on_end(Time t) { Collector::on_end(t, states_); }

 private:
  ThreadStates states_;
  LastCores cores_;
};

}  // namespace gilsim::testing

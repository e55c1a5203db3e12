#include "model/gil/cpython3_lock.h"

#include <cassert>

namespace gilsim {

namespace {
Time saturating_add(Time a, Time b) { return b > kTimeMax - a ? kTimeMax : a + b; }
}  // namespace

std::optional<Gil::Waiter> Gil::pop_longest() {
  if (waiters_.empty()) return std::nullopt;
  std::size_t in_set = waiters_.size() - at_switch_ - recent_;
  Waiter next = waiters_.pop_front();
  if (in_set > 0)
    by_phase_.erase(next.phase);
  else if (at_switch_ > 0)
    --at_switch_;
  else
    --recent_;
  return next;
}

std::optional<ThreadIndex> Gil::release(Time now) {
  holder_ = kNobody;
  std::optional<Waiter> next = pop_longest();
  if (!next) return std::nullopt;
  acquire(next->thread, now);
  return next->thread;
}

std::optional<ThreadIndex> Gil::free_and_signal() {
  holder_ = kNobody;
  std::optional<Waiter> next = pop_longest();
  if (!next) return std::nullopt;
  return next->thread;
}

void Gil::acquire(ThreadIndex thread, Time now) {
  if (thread != last_holder_) {
    ++switch_number_;
    last_switch_ = now;
    // Every waiter began before this switch: those of an earlier instant join
    // the phase set; those of this instant wait one extra interval.
    std::size_t first = waiters_.size() - at_switch_ - recent_;
    std::size_t kept = 0;
    for (std::size_t i = first; i < waiters_.size(); ++i) {
      Waiter& w = waiters_[i];
      if (w.since < now)
        w.phase = by_phase_.insert({w.since % interval_, w.since, w.order}, w.thread);
      else
        ++kept;
    }
    at_switch_ = kept;
    recent_ = 0;
    by_phase_.set_cursor(now % interval_);
  }
  holder_ = thread;
  last_holder_ = thread;
  drop_requested_ = false;
}

std::optional<Gil::DropRequest> Gil::next_drop_request() const {
  // A free GIL has no holder to ask: the timers matter again once someone takes it.
  if (drop_requested_ || waiters_.empty() || !held()) return std::nullopt;
  std::optional<DropRequest> best;
  if (!by_phase_.empty()) {
    // The first phase at or after the switch's, round the interval (the cursor).
    Time h_phase = last_switch_ % interval_;
    WaiterPhases::Handle first = by_phase_.cursor();
    Time offset = (by_phase_.key(first).phase - h_phase + interval_) % interval_;
    best = DropRequest{saturating_add(last_switch_, saturating_add(interval_, offset)), by_phase_.thread(first)};
  }
  if (at_switch_ > 0) {
    const Waiter& first = waiters_[waiters_.size() - at_switch_ - recent_];
    Time at = saturating_add(last_switch_, saturating_add(interval_, interval_));
    if (!best || at < best->at) best = DropRequest{at, first.thread};
  }
  if (recent_ > 0) {
    const Waiter& first = waiters_[waiters_.size() - recent_];
    Time at = saturating_add(first.since, interval_);
    if (!best || at < best->at) best = DropRequest{at, first.thread};
  }
  return best;
}

}  // namespace gilsim

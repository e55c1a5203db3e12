#include "model/gil/cpython3.h"

#include <algorithm>
#include <cassert>

namespace gilsim {

Cpython3Rules::Cpython3Rules(const GilSpec& spec, Time timer_slack, std::size_t processes)
    : handoff_latency_(spec.handoff_latency) {
  // A waiter's timed waits last the interval plus the slack, back to back, so
  // the GIL's timeout arithmetic stays exact with that period.
  Time period = timer_slack > kTimeMax - spec.switch_interval ? kTimeMax : spec.switch_interval + timer_slack;
  gils_.reserve(processes);
  for (std::size_t p = 0; p < processes; ++p) gils_.emplace_back(period);
  in_c_.assign(processes, 0);
}

// The first timeout that can ask for a drop, if any (cpython3_lock.h).
GilTimer Cpython3Rules::rearm(ProcessIndex p, Time now) const {
  GilTimer timer{true, std::nullopt};
  if (auto request = gils_[p].next_drop_request()) {
    // A waiter whose timeout passed while the GIL was free (not woken, it
    // could not take it) asks as soon as someone holds it again.
    timer.at = std::max(request->at, now);
  }
  return timer;
}

GilNeed Cpython3Rules::need(ProcessIndex p, ThreadIndex t, Time now, const ThreadStates&) {
  Gil& gil = gils_[p];
  if (!gil.held()) {
    gil.take(t, now);
    // Others may wait for it (it was free since a release signalled one of them).
    return {.holds = true, .timer = rearm(p, now)};
  }
  gil.add_waiter(t, now);
  return {.holds = false, .timer = rearm(p, now)};
}

GilRelease Cpython3Rules::release(ProcessIndex p, ThreadIndex t, Time now, bool forced) {
  if (!forced) {
    // drop_gil unlocks and signals: the signalled waiter tries once the OS has
    // woken it and it has a core; whoever asks first meanwhile takes the GIL.
    std::optional<ThreadIndex> signalled = gils_[p].free_and_signal();
    if (!signalled) return {.timer = rearm(p, now)};
    return {{*signalled, false, false, handoff_latency_, handoff_latency_ == 0}, rearm(p, now)};
  }
  std::optional<ThreadIndex> next = gils_[p].release(now);
  if (!next) return {.timer = rearm(p, now)};
  assert(*next != t && "FORCE_SWITCHING: the dropper never gets the GIL straight back");
  (void)t;
  // It holds the GIL while the OS wakes it and while it waits for a core.
  return {{*next, true, forced, handoff_latency_, handoff_latency_ == 0}, rearm(p, now)};
}

GilTimer Cpython3Rules::wait_again(ProcessIndex p, ThreadIndex t, Time now) {
  gils_[p].add_waiter(t, now);
  return rearm(p, now);
}

GilTimeout Cpython3Rules::on_timer(ProcessIndex p, Time now, const ThreadStates& states) {
  Gil& gil = gils_[p];
  std::optional<Gil::DropRequest> request = gil.next_drop_request();
  assert(request && request->at <= now && gil.held());
  (void)now;
  GilTimeout out;
  if (gil.request_drop()) out.requester = request->requester;
  // Otherwise the holder drops as soon as it runs bytecode again (drop_requested).
  out.holder_drops = states.state(gil.holder()) == ThreadState::running && !in_c_[p];
  return out;
}

}  // namespace gilsim

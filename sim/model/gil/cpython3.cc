#include "model/gil/cpython3.h"

#include <cassert>

namespace gilsim {

Cpython3Rules::Cpython3Rules(const GilSpec& spec, Time timer_slack, std::size_t processes)
    : handoff_latency_(spec.handoff_latency) {
  // A waiter's timed waits last the interval plus the slack, back to back, so
  // the GIL's timeout arithmetic stays exact with that period.
  Time period = timer_slack > kTimeMax - spec.switch_interval ? kTimeMax : spec.switch_interval + timer_slack;
  gils_.reserve(processes);
  for (std::size_t p = 0; p < processes; ++p) gils_.emplace_back(period, &pool_);
}

// The first timeout that can ask for a drop, if any (cpython3_lock.h).
GilTimer Cpython3Rules::rearm(ProcessIndex p, Time now) const {
  GilTimer timer{true, std::nullopt};
  if (auto request = gils_[p].next_drop_request()) {
    assert(request->at >= now);
    (void)now;
    timer.at = request->at;
  }
  return timer;
}

GilNeed Cpython3Rules::need(ProcessIndex p, ThreadIndex t, Time now, const ThreadStates&) {
  Gil& gil = gils_[p];
  if (!gil.held()) {
    gil.take(t, now);
    return {.holds = true};
  }
  gil.add_waiter(t, now);
  return {.holds = false, .timer = rearm(p, now)};
}

GilRelease Cpython3Rules::release(ProcessIndex p, ThreadIndex t, Time now, bool forced) {
  std::optional<ThreadIndex> next = gils_[p].release(now);
  if (!next) return {};
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
  assert(request && request->at == now && gil.held());
  (void)now;
  GilTimeout out;
  if (gil.request_drop()) out.requester = request->requester;
  // Otherwise the holder drops as soon as the OS runs it again (drop_requested).
  out.holder_drops = states.state(gil.holder()) == ThreadState::running;
  return out;
}

}  // namespace gilsim

#include "model/gil/cpython2.h"

namespace gilsim {

Cpython2Rules::Cpython2Rules(const GilSpec& spec, std::size_t processes, std::size_t threads)
    : wakeup_latency_(spec.wakeup_latency), gils_(processes, OldGil(spec)), waiter_(threads, 0), in_c_(processes, 0) {}

GilWake Cpython2Rules::signalled(std::optional<ThreadIndex> thread) const {
  if (!thread) return {};
  return {*thread, false, false, wakeup_latency_};
}

void Cpython2Rules::take(ProcessIndex p, ThreadIndex t) {
  OldGil& gil = gils_[p];
  gil.take(t);
  if (waiter_[t]) {
    waiter_[t] = 0;
    gil.waiter_took_it();
  }
}

void Cpython2Rules::sleep(ProcessIndex p, ThreadIndex t) {
  OldGil& gil = gils_[p];
  if (!waiter_[t]) {
    waiter_[t] = 1;
    gil.add_waiter();
  }
  gil.sleep(t);
}

GilNeed Cpython2Rules::need(ProcessIndex p, ThreadIndex t, Time, const ThreadStates& states) {
  OldGil& gil = gils_[p];
  if (!gil.held()) {
    take(p, t);
    return {.holds = true};
  }
  ThreadIndex holder = gil.holder();
  // A holder in C code that keeps the lock makes no checks: no window to land in.
  if (!in_c_[p] && states.state(holder) == ThreadState::running && gil.lucky_try()) {
    // The try landed while the holder was signalling: its re-take fails. Its
    // release signals the first sleeper, as the holder was doing; then it sleeps.
    gil.release();
    GilWake wake = signalled(gil.signal());
    sleep(p, holder);
    take(p, t);
    return {.holds = true, .displaced = holder, .wake = wake};
  }
  // A wasted wake-up (or a first try at a held lock): sleep until signalled.
  bool was_contended = gil.contended();
  sleep(p, t);
  return {.holds = false, .replan_holder = !was_contended};
}

// The holder lets go (it blocks, finishes or runs native code): the first
// sleeper is signalled and can try after the wake-up latency.
GilRelease Cpython2Rules::release(ProcessIndex p, ThreadIndex, Time, bool) {
  OldGil& gil = gils_[p];
  gil.release();
  return {signalled(gil.signal()), {}};
}

GilSegment Cpython2Rules::begin_segment(ProcessIndex p, Time remaining) {
  std::optional<ThreadIndex> woken;
  OldGil::Segment segment = gils_[p].begin_segment(remaining, woken);
  Time length = segment.compute > kTimeMax - segment.overhead ? kTimeMax : segment.overhead + segment.compute;
  return {length, signalled(woken)};
}

}  // namespace gilsim

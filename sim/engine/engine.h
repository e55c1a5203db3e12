#pragma once
// The event loop. It knows only time and events: the model (the handler) says
// what an event means. All events of one instant are handled, in (time,
// priority, sequence) order, before the handler is asked to settle that instant.

#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "engine/event_queue.h"
#include "engine/time.h"

namespace gilsim {

struct RunLimits {
  // Events handled plus the work the handler reports (steps that take no
  // time, such as prints and loop iterations, which would otherwise let a
  // zero-time loop spin forever inside one event).
  std::uint64_t max_events = UINT64_MAX;
  Time max_time = kTimeMax;  // simulated time
};

enum class RunStop : std::uint8_t {
  drained,        // no events left
  event_limit,    // RunLimits::max_events
  time_limit,     // RunLimits::max_time
  time_overflow,  // an event would lie beyond the largest representable time
  output_limit,   // the program's output kept for the report passed its budget (never set by the engine)
};

template <class Payload>
class Engine {
 public:
  Time now() const { return now_; }
  std::uint64_t handled() const { return handled_; }
  EventQueue<Payload>& queue() { return queue_; }

  // Schedules `payload` at now + delay; lower `priority` first at equal times.
  // A time past the largest int64 is never wrapped: it saturates at kTimeMax,
  // where the run stops with RunStop::time_overflow.
  void schedule_after(Time delay, Payload payload, std::uint8_t priority = 0) {
    // A negative delay would move time backwards: a bug in the model, never
    // the user's input, so it fails loudly in every build.
    if (delay < 0) throw std::logic_error("event scheduled in the past (delay " + std::to_string(delay) + " ns)");
    Time at = delay > kTimeMax - now_ ? kTimeMax : now_ + delay;
    queue_.push(at, payload, priority);
  }

  // handler.handle(payload, priority) for each event; handler.settle() once per instant,
  // after its last event (settling may schedule more events at the same instant).
  // handler.work() is the handler's own count of work done; handler.halted()
  // says it stopped in the middle of an event because that count hit the limit.
  template <class Handler>
  RunStop run(Handler& handler, const RunLimits& limits) {
    while (!queue_.empty()) {
      Time t = queue_.top().time;
      assert(t >= now_ && "simulated time never goes backwards");
      if (t == kTimeMax) return RunStop::time_overflow;
      if (t > limits.max_time) return RunStop::time_limit;
      now_ = t;
      while (!queue_.empty() && queue_.top().time == t) {
        if (handled_ + handler.work() >= limits.max_events) return RunStop::event_limit;
        ++handled_;
        auto event = queue_.pop();
        handler.handle(event.payload, event.priority());
        if (handler.halted()) return RunStop::event_limit;
      }
      handler.settle();
      if (handler.halted()) return RunStop::event_limit;
    }
    return RunStop::drained;
  }

 private:
  EventQueue<Payload> queue_;
  Time now_ = 0;
  std::uint64_t handled_ = 0;
};

}  // namespace gilsim

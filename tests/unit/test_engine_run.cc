// Engine::run on its own, with a scripted handler: the order events are
// handled in, one settle per instant, the limits and the overflow stop.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/engine.h"

using namespace gilsim;

namespace {

// Logs every call; an event may schedule others (`then`) when handled.
struct Script {
  Engine<int>* engine = nullptr;
  std::vector<std::string> log;
  std::uint64_t steps = 0;       // work the handler reports
  std::uint64_t halt_after = 0;  // halt in the middle of the n-th event (0: never)
  bool halted_ = false;
  std::uint64_t handled = 0;

  void handle(int payload, std::uint8_t priority) {
    ++handled;
    log.push_back(std::to_string(engine->now()) + " e" + std::to_string(payload) + "/p" + std::to_string(priority));
    if (payload == 1) engine->schedule_after(0, 10, 0);  // same instant: handled before the settle
    if (payload == 2) engine->schedule_after(5, 20, 1);
    if (halt_after != 0 && handled == halt_after) halted_ = true;
  }
  void settle() {
    log.push_back(std::to_string(engine->now()) + " settle");
    if (engine->now() == 3 && settles_at_3++ == 0) engine->schedule_after(0, 30, 0);  // settling may add to the instant
  }
  std::uint64_t work() const { return steps; }
  bool halted() const { return halted_; }
  int settles_at_3 = 0;
};

}  // namespace

TEST_CASE("engine run: (time, priority, sequence) order, one settle per instant after its last event") {
  Engine<int> engine;
  Script script;
  script.engine = &engine;
  engine.schedule_after(3, 2, 1);
  engine.schedule_after(3, 1, 2);  // priority 2 after priority 1 at the same time
  engine.schedule_after(0, 0, 0);
  engine.schedule_after(3, 3, 1);  // same time and priority as e2: after it (inserted later)
  CHECK(engine.run(script, {}) == RunStop::drained);
  CHECK(script.log == std::vector<std::string>{
                          "0 e0/p0", "0 settle",
                          "3 e2/p1", "3 e3/p1", "3 e1/p2", "3 e10/p0", "3 settle",
                          "3 e30/p0", "3 settle",  // scheduled by the settle: the instant goes on
                          "8 e20/p1", "8 settle"});
  CHECK(engine.now() == 8);
  CHECK(engine.handled() == 7);
}

TEST_CASE("engine run: the event limit counts handled events plus the handler's work") {
  Engine<int> engine;
  Script script;
  script.engine = &engine;
  for (int i = 0; i < 10; ++i) engine.schedule_after(i, 100 + i, 0);
  script.steps = 4;  // as if four steps took no time
  CHECK(engine.run(script, {.max_events = 7}) == RunStop::event_limit);
  CHECK(engine.handled() == 3);  // 3 + 4 = 7: the fourth event is not handled
}

TEST_CASE("engine run: the time limit stops before an event beyond it, a halt stops at once") {
  Engine<int> engine;
  Script script;
  script.engine = &engine;
  engine.schedule_after(10, 1000, 0);
  engine.schedule_after(20, 1001, 0);
  CHECK(engine.run(script, {.max_time = 15}) == RunStop::time_limit);
  CHECK(engine.handled() == 1);
  CHECK(engine.now() == 10);

  Engine<int> other;
  Script halting;
  halting.engine = &other;
  halting.halt_after = 2;
  for (int i = 0; i < 5; ++i) other.schedule_after(0, 200 + i, 0);
  CHECK(other.run(halting, {}) == RunStop::event_limit);
  CHECK(halting.handled == 2);
  CHECK(halting.log.back() == "0 e201/p0");  // no settle after a halt
}

TEST_CASE("engine run: a time past the largest saturates and stops the run instead of wrapping") {
  Engine<int> engine;
  Script script;
  script.engine = &engine;
  engine.schedule_after(kTimeMax - 1, 1, 0);  // e1 schedules e10 at the same instant
  engine.schedule_after(kTimeMax - 1, 7, 0);
  CHECK(engine.run(script, {}) == RunStop::drained);
  Engine<int> far;
  Script beyond;
  beyond.engine = &far;
  far.schedule_after(kTimeMax - 1, 2, 0);  // e2 schedules 5 ns later: past the largest time
  CHECK(far.run(beyond, {}) == RunStop::time_overflow);
  CHECK(far.now() == kTimeMax - 1);
  CHECK_THROWS_AS(far.schedule_after(-1, 0, 0), std::logic_error);  // time never goes backwards
}

// Edge cases of the primitives found in review (issue #8): a program error
// that leaves only never-started threads, zero timeouts, stale event waiters,
// queue capacity with waiting getters, forwarding $work, stuck-thread wording.

#include <doctest/doctest.h>

#include <string>

#include "sync_fixture.h"

namespace gilsim {
namespace {

using testing::SyncRun;
constexpr Time ms = kMillisecond;

}  // namespace

TEST_CASE("program error: threads that never started because their starter died make no deadlock") {
  // main dies at 1 ms releasing an unheld lock, before its start (t2) or spawn (child) step:
  // t2 and child never start. Nothing is blocked: just the program error.
  SyncRun start(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "threads": [
    {"name": "main", "steps": [{"compute": "1ms"}, {"release": "L"}, {"start": "t2"}, {"join": "t2"}]},
    {"name": "t2", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK(start.outcome.program_error);
  CHECK(!start.outcome.deadlock);
  CHECK(start.result.deadlock.empty());
  SyncRun spawn(R"({"name": "x", "processes": [{"name": "app", "locks": ["L"], "threads": [
    {"name": "main", "steps": [{"compute": "1ms"}, {"release": "L"}, {"spawn": "child"}, {"wait": "child"}]}]},
    {"name": "child", "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK(spawn.outcome.program_error);
  CHECK(!spawn.outcome.deadlock);
  CHECK(spawn.result.makespan == 1 * ms);
}

}  // namespace gilsim

namespace gilsim {

TEST_CASE("event: a wait with timeout 0 returns at once and keeps the GIL") {
  // One core. t polls E (not set) with timeout 0 at time 0: it returns at once, keeping the
  // GIL and its core, and prints "0ns"; u computes 0..1 ms only after t finished at 0.
  SyncRun run(R"({"name": "x", "timer_slack": "50us", "processes": [{"name": "app", "events": ["E"], "threads": [
    {"name": "t", "steps": [{"wait": "E", "timeout": "0ns"}, {"print": "{time}"}]},
    {"name": "u", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK(run.finish(0) == 0);
  CHECK(run.in(0, ThreadState::event_wait) == 0);
  CHECK(run.result.syncs[0].waits == 0);
  CHECK(run.result.threads[0].voluntary == 0);  // never left its core
  REQUIRE(run.result.output.size() == 1);
  CHECK(run.result.output[0].text == "0ns");
  CHECK(run.finish(1) == 1 * ms);
}

}  // namespace gilsim

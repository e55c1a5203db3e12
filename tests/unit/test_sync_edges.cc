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

// concurrent.futures.as_completed ({"as_completed": E, "steps": [...]}): the
// body runs once per call the thread submitted, in the order they finish,
// each time one has; worked out by hand in the comment above each check.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/pool/executor.h"
#include "pool_fixture.h"

namespace gilsim {
namespace {

using pool_fixture::ms;

std::vector<std::string> printed(const pool_fixture::PoolScenarioRun& run) {
  std::vector<std::string> lines;
  for (const OutputLine& line : run.result.output) lines.push_back(line.text);
  return lines;
}

// Three calls that finish at 30, 10 and 20 ms (I/O, so the GIL is free), on a
// thread pool of 3; the body computes 5 ms and prints.
std::string three_calls(const std::string& before) {
  return R"({"name": "ac", "cores": 4, "costs": "none", "processes": [{"name": "app",
    "tasks": {"a": {"steps": [{"io": "30ms"}]}, "b": {"steps": [{"io": "10ms"}]}, "c": {"steps": [{"io": "20ms"}]}},
    "executors": {"pool": {"kind": "thread", "max_workers": 3}},
    "threads": [{"name": "main", "steps": [
      {"submit": "pool", "task": "a"}, {"submit": "pool", "task": "b"}, {"submit": "pool", "task": "c"},)" +
         before + R"(
      {"as_completed": "pool", "steps": [{"compute": "5ms"}, {"print": "got at {time}"}]},
      {"print": "all at {time}"}]}]}]})";
}

}  // namespace

TEST_CASE("as_completed: the body runs for each call as it finishes, in the order they finish") {
  // b finishes at 10: the body computes 10..15 and prints; c at 20: 20..25;
  // a at 30: 30..35. Then no call is left: the step ends at 35.
  pool_fixture::PoolScenarioRun run(three_calls(""));
  CHECK(printed(run) == std::vector<std::string>{"got at 15ms", "got at 25ms", "got at 35ms", "all at 35ms"});
  CHECK(run.outcome.end == 35 * ms);
  CHECK(!run.outcome.deadlock);
}

TEST_CASE("as_completed: calls that finished while the body ran are given at once, and wait() consumes them") {
  // A body of 25 ms: b (10) runs the body 10..35; c (20) and a (30) have
  // finished by then, so the body runs again 35..60 and 60..85.
  std::string json = three_calls("");
  json.replace(json.find(R"({"compute": "5ms"})"), 18, R"({"compute": "25ms"})");
  pool_fixture::PoolScenarioRun slow(json);
  CHECK(printed(slow) == std::vector<std::string>{"got at 35ms", "got at 60ms", "got at 85ms", "all at 85ms"});
  // After a results step (concurrent.futures.wait, at 30) those futures are
  // done with: the as_completed that follows has none and ends at once.
  pool_fixture::PoolScenarioRun waited(three_calls(R"( {"results": "pool"},)"));
  CHECK(printed(waited) == std::vector<std::string>{"all at 30ms"});
}

TEST_CASE("as_completed: the executor gives each finished call once, then says done") {
  Executor ex(ExecutorKind::thread, 2);
  ex.submit(1, PoolCall{0, 1, 1, 0});
  ex.submit(1, PoolCall{0, 1, 1, 0});
  CHECK(ex.next(1) == Executor::Next::wait);
  ex.complete(PoolCall{0, 1, 1, 0}, 5, 2);
  CHECK(ex.wakes() == std::vector<ThreadIndex>{1});  // the waiter is woken
  ex.wakes().clear();
  CHECK(ex.next(1) == Executor::Next::got);
  CHECK(ex.next(1) == Executor::Next::wait);
  ex.complete(PoolCall{0, 1, 1, 0}, 6, 2);
  CHECK(ex.next(1) == Executor::Next::got);
  CHECK(ex.next(1) == Executor::Next::done);
  CHECK(ex.next(7) == Executor::Next::done);  // a thread that submitted nothing
}

TEST_CASE("as_completed errors: a multiprocessing.Pool has none, and its body may not use the pool") {
  auto error = [](const std::string& json) {
    try {
      load_scenario_text(json, "s.json");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("(loaded)");
  };
  std::string mp = three_calls("");
  mp.replace(mp.find(R"("kind": "thread")"), 16, R"("kind": "mp_pool")");
  CHECK(error(mp).find("/as_completed: multiprocessing.Pool has no as_completed") != std::string::npos);
  std::string nested = three_calls("");
  nested.replace(nested.find(R"({"compute": "5ms"})"), 18, R"({"submit": "pool", "task": "a"})");
  CHECK(error(nested) ==
        "s.json: /processes/0/threads/0/steps/3/steps/0: an as_completed step's steps run once per future it began "
        "with; a pool step in them would change the futures it iterates (move it after the step)");
}

}  // namespace gilsim

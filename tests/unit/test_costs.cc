// What a real program pays for, worked out by hand on small cases: main
// threads starting the others, the costs of starting threads and processes,
// a print's write() releasing the GIL, C code that keeps the GIL, the OS's
// wake-up latencies (model/scenario.h CostSpec, program.h).
#include <doctest/doctest.h>

#include <algorithm>

#include "model_fixture.h"
#include "scenario/loader.h"

using namespace gilsim;
using namespace gilsim::testing;

namespace {

constexpr Time us = kMicrosecond;
constexpr Time ms = kMillisecond;

Scenario load(const std::string& json) { return load_scenario_text(json, "s.json"); }

bool logged(const Run& run, const std::string& line) {
  return std::find(run.watcher.log.begin(), run.watcher.log.end(), line) != run.watcher.log.end();
}

}  // namespace

TEST_CASE("costs: the main thread starts the others one by one, each start waiting for the GIL back") {
  Run run(load(R"({"name": "t", "cores": 2, "costs": "none", "processes": [{"name": "app", "threads": [
      {"name": "main", "steps": [{"compute": "1ms"}]},
      {"name": "w", "count": 2, "steps": [{"compute": "10ms"}]}]}]})"));
  // main starts w-1, which begins holding the GIL; main waits one switch
  // interval for it back (5 ms), starts w-2, which must wait for w-1 to be
  // asked to drop the GIL (another interval) before it begins.
  CHECK(logged(run, "0 app/main start"));
  CHECK(logged(run, "0 app/w-1 running"));
  CHECK(logged(run, "5000000 app/main start"));
  CHECK(logged(run, "10000000 app/main ready"));  // w-2 has begun
  // The GIL is never idle: one thread's 21 ms of Python after another.
  CHECK(run.outcome.end == 21 * ms);
  Scenario together = load(R"({"name": "t", "cores": 2, "start_together": true, "costs": "none", "processes": [{"name": "app",
      "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}, {"name": "w", "count": 2, "steps": [
      {"compute": "10ms"}]}]}]})");
  Run at_once(std::move(together));
  CHECK(at_once.watcher.finish["app/main"] == 1 * ms);  // it ran first, alone with the GIL
  CHECK(at_once.outcome.end == 21 * ms);
}

TEST_CASE("costs: Thread.start() costs the starter its time, then the new thread runs after the latency") {
  Run run(load(R"({"name": "t", "cores": 2, "costs": {"thread_start": "100us", "first_thread_start": "100us",
      "thread_start_latency": "50us"}, "processes": [{"name": "app", "gil": false, "threads": [
        {"name": "main", "steps": [{"compute": "1ms"}]}, {"name": "w", "steps": [{"compute": "1ms"}]}]}]})"));
  CHECK(logged(run, "100000 app/main start"));
  CHECK(logged(run, "150000 app/w ready"));
  CHECK(run.watcher.finish["app/w"] == 1150 * us);
  CHECK(run.watcher.finish["app/main"] == 1150 * us);
}

TEST_CASE("costs: the first Thread.start() of each process costs first_thread_start, later ones thread_start") {
  // In each of two processes main starts w-1 (400 us), then w-2 (100 us); no latency, no GIL.
  Run run(load(R"({"name": "t", "cores": 8, "start_together": true, "costs": {"thread_start": "100us",
      "first_thread_start": "400us", "thread_start_latency": "0ns", "process_start": "0ns",
      "process_start_latency": "0ns"}, "processes": [{"name": "app", "count": 2, "gil": false, "threads": [
        {"name": "main", "steps": [{"start": "w"}]}, {"name": "w", "count": 2, "steps": [{"compute": "1ms"}]}]}]})"));
  for (const char* p : {"app-1", "app-2"}) {
    CAPTURE(p);
    CHECK(run.watcher.finish[std::string(p) + "/w-1"] == 1400 * us);
    CHECK(run.watcher.finish[std::string(p) + "/w-2"] == 1500 * us);
  }
}

TEST_CASE("costs: the program spawns the other processes that begin at time 0, paying process_start") {
  Run run(load(R"({"name": "t", "cores": 2, "costs": {"process_start": "2ms", "process_start_latency": "3ms"},
      "processes": [{"name": "a", "gil": false, "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]},
                    {"name": "b", "gil": false, "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]}]})"));
  CHECK(run.watcher.finish["a/main"] == 3 * ms);
  CHECK(logged(run, "5000000 b/main ready"));
  CHECK(run.watcher.finish["b/main"] == 6 * ms);
  // A process's own start_cost wins over costs.process_start.
  Run own(load(R"({"name": "t", "cores": 2, "costs": {"process_start": "2ms"}, "processes": [
      {"name": "a", "gil": false, "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]},
      {"name": "b", "gil": false, "start_cost": "500us", "threads": [{"name": "main"}]}]})"));
  CHECK(own.watcher.finish["a/main"] == 1500 * us);
}

TEST_CASE("costs: a print's write() releases the GIL, and a waiter woken faster than the write takes it") {
  auto run = [](const char* handoff) {
    return Run(load(std::string(R"({"name": "t", "cores": 2, "start_together": true, "costs": {"print": "10us"},
        "gil": {"handoff_latency": ")") + handoff + R"("}, "processes": [{"name": "app", "threads": [
          {"name": "a", "steps": [{"compute": "1ms"}, {"print": "x"}, {"compute": "1ms"}]},
          {"name": "b", "steps": [{"compute": "1ms"}]}]}]})"));
  };
  // a takes the GIL first; b waits for it from time 0.
  // Woken at once, b takes the free GIL during a's 10 us write; a waits for b to finish.
  Run fast = run("0ns");
  CHECK(fast.watcher.finish["app/b"] == 2 * ms);
  CHECK(fast.watcher.finish["app/a"] == 3 * ms);
  // Woken 20 us later, b finds that a took the GIL back after its write; b
  // waits again (a fresh interval) until a finishes, then 20 us to wake.
  Run slow = run("20us");
  CHECK(slow.watcher.finish["app/a"] == 2010 * us);
  CHECK(slow.watcher.finish["app/b"] == 3030 * us);
}

TEST_CASE("costs: stdout buffering decides how many write()s a print makes") {
  auto acquisitions = [](const char* buffering) {
    Run run(load(std::string(R"({"name": "t", "stdout": ")") + buffering + R"(", "processes": [{"name": "app",
        "threads": [{"name": "main", "steps": [{"print": "a"}, {"print": "b"}]}]}]})"));
    return run.watcher.acquisitions;
  };
  CHECK(acquisitions("line") == 1 + 2);        // the GIL taken back after each line's write
  CHECK(acquisitions("unbuffered") == 1 + 4);  // the text, then the newline
  CHECK(acquisitions("block") == 1);           // no write until the buffer fills
}

TEST_CASE("costs: C code that keeps the GIL is not interrupted by a drop request") {
  auto run = [](const char* gil) {
    return Run(load(std::string(R"({"name": "t", "cores": 2, "start_together": true, "processes": [{"name": "app",
        "threads": [{"name": "c", "steps": [{"compute": "20ms", "gil": )") + gil + R"(}, {"compute": "1ms"}]},
                    {"name": "p", "steps": [{"compute": "1ms"}]}]}]})"));
  };
  Run held = run("\"hold\"");
  CHECK(held.watcher.requests == 1);  // asked at 5 ms, seen when the call returns
  CHECK(held.watcher.finish["app/p"] == 21 * ms);
  CHECK(held.watcher.finish["app/c"] == 22 * ms);
  Run python = run("true");
  CHECK(python.watcher.finish["app/p"] == 6 * ms);
}

TEST_CASE("costs: an I/O ends io_latency late, and a thread released by another wakes wakeup later") {
  Run run(load(R"({"name": "t", "cores": 2, "start_together": true, "costs": {"io_latency": "50us", "wakeup": "30us"},
      "processes": [{"name": "app", "gil": false, "locks": ["L"], "threads": [
        {"name": "a", "steps": [{"acquire": "L"}, {"io": "1ms"}, {"release": "L"}]},
        {"name": "b", "steps": [{"acquire": "L"}, {"release": "L"}]}]}]})"));
  CHECK(run.watcher.finish["app/a"] == 1050 * us);
  CHECK(logged(run, "1080000 app/b ready"));
  CHECK(run.watcher.finish["app/b"] == 1080 * us);
}

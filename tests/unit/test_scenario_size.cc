// How large a scenario is before it runs, and settings that follow the run's core count.
#include <doctest/doctest.h>

#include <string>

#include "loader_fixture.h"
#include "model/cpu/scheduler.h"
#include "scenario/size.h"

using gilsim::InputError;
using gilsim::Scenario;
using gilsim::test::app;
using gilsim::test::load;
using gilsim::test::main_steps;

TEST_CASE("scenario size: threads, instructions and loop counters as the simulator allocates them") {
  Scenario s = load(R"({"name": "t", "costs": "none", "processes": [
      {"name": "app", "count": 3, "threads": [
        {"name": "main", "steps": [{"start": "w"}, {"join": "w"}, {"join": "w-2"},
                                   {"repeat": 1000000, "steps": [{"compute": "1ms"}, {"repeat": 2, "steps": []}]}]},
        {"name": "w", "count": 4, "steps": [{"repeat": 5, "steps": [{"print": "x"}]}]}]},
      {"name": "solo", "threads": [{"name": "main"}]}]})");
  gilsim::ScenarioSize size = gilsim::measure_scenario(s);
  CHECK(size.threads == 3 * 5 + 1);
  // main: start and join of all 4 copies (8), one copy (1), two loops (2 + 1 + 2); w: a loop (2) with a
  // print and its write() (2). Scripts are shared by process copies; loop counters are per running thread.
  // The program's main thread (app-1's) has a script of its own: it spawns app-2, app-3 and solo first.
  std::uint64_t instructions = (8 + 1 + 5) + 4 + (3 + 8 + 1 + 5);
  std::uint64_t counters = 3 * 2 + 3 * 4 * 1;
  CHECK(size.script_steps == instructions + counters);
}

TEST_CASE("scenario size: the threads a main thread starts are instructions of its own script") {
  // main starts w's 1000 copies (a compute of thread_start and a start each) before its own join of them.
  const std::string starts = R"({"name": "t", "costs": {"thread_start": "50us"}, "processes": [{"name": "app",
      "threads": [{"name": "main", "steps": [{"join": "w"}]}, {"name": "w", "count": 1000}]}]})";
  CHECK(gilsim::measure_scenario(load(starts)).script_steps == 1000 + (2000 + 1000));
  CHECK_THROWS_WITH_AS(gilsim::load_scenario_text(starts, "s.json", {.max_script_steps = 3999}),
                       "s.json: /processes/0/threads/0: the scenario's scripts come to 4000 steps once compiled, more "
                       "than the limit of 3999 (thread \"main\" of process \"app\": 4000 instructions, 4000 of them for "
                       "start or join of all copies of a thread (or the threads and processes its main thread starts), "
                       "one or two instructions per copy); lower the counts, or raise the limit with "
                       "--max-script-steps if the machine has the memory",
                       InputError);
}

TEST_CASE("scenario size: a scenario too large to allocate is refused before the run, naming the cause") {
  const std::string huge = R"({"name": "t", "processes": [{"name": "app", "count": 1000000, "threads": [
      {"name": "main"}, {"name": "w", "count": 1000000}]}]})";
  CHECK_THROWS_WITH_AS(load(huge),
                       "s.json: /processes/0/count: the scenario has 1000001000000 threads once copies are made, more "
                       "than the limit of 10000000 (process \"app\": 1000000 copies of 1000001 threads each); lower the "
                       "counts, or raise the limit with --max-threads if the machine has the memory",
                       InputError);
  const std::string wide = app(R"({"name": "main"}, {"name": "w", "count": 1000})");
  CHECK_NOTHROW(gilsim::load_scenario_text(wide, "s.json", {.max_threads = 1001}));
  CHECK_THROWS_WITH_AS(gilsim::load_scenario_text(wide, "s.json", {.max_threads = 1000}),
                       "s.json: /processes/0/threads: the scenario has 1001 threads once copies are made, more than the "
                       "limit of 1000 (process \"app\": 1001 threads, counting the copies of threads with a count); "
                       "lower the counts, or raise the limit with --max-threads if the machine has the memory",
                       InputError);

  // start_together: no main thread starts w's copies (the test below counts those).
  const std::string joins = R"({"name": "t", "start_together": true, "processes": [{"name": "app", "threads": [
      {"name": "main", "steps": [{"join": "w"}, {"join": "w"}]},
      {"name": "w", "count": 1000, "steps": [{"repeat": 2, "steps": []}]}]}]})";
  CHECK_NOTHROW(gilsim::load_scenario_text(joins, "s.json", {.max_script_steps = 2000 + 2 + 1000}));
  CHECK_THROWS_WITH_AS(gilsim::load_scenario_text(joins, "s.json", {.max_script_steps = 2000 + 2 + 999}),
                       "s.json: /processes/0/threads/0: the scenario's scripts come to 3002 steps once compiled, more "
                       "than the limit of 3001 (thread \"main\" of process \"app\": 2000 instructions, 2000 of them for "
                       "start or join of all copies of a thread (or the threads and processes its main thread starts), one "
                       "or two instructions per copy); lower the counts, or raise "
                       "the limit with "
                       "--max-script-steps if the machine has the memory",
                       InputError);
  CHECK_THROWS_WITH_AS(gilsim::load_scenario_text(joins, "s.json", {.max_script_steps = 100}),
                       "s.json: /processes/0/threads/0: the scenario's scripts come to 3002 steps once compiled, more "
                       "than the limit of 100 (thread \"main\" of process \"app\": 2000 instructions, 2000 of them for "
                       "start or join of all copies of a thread (or the threads and processes its main thread starts), one "
                       "or two instructions per copy); lower the counts, or raise "
                       "the limit with "
                       "--max-script-steps if the machine has the memory",
                       InputError);
  const std::string loops = R"({"name": "t", "start_together": true, "processes": [{"name": "app", "threads": [
      {"name": "main"}, {"name": "w", "count": 1000, "steps": [{"repeat": 2, "steps": []}]}]}]})";
  CHECK_THROWS_WITH_AS(gilsim::load_scenario_text(loops, "s.json", {.max_script_steps = 100}),
                       "s.json: /processes/0/threads/1: the scenario's scripts come to 1002 steps once compiled, more "
                       "than the limit of 100 (thread \"w\" of process \"app\": 2 instructions, plus 1000 loop "
                       "counters, one per repeat in each of its 1000 copies); lower the counts, or raise the limit with --max-script-steps if the machine "
                       "has the memory",
                       InputError);
}

TEST_CASE("scenario size: limits above the 32-bit index ceilings are capped") {
  const std::string wide = app(R"({"name": "main"}, {"name": "w", "count": 10})");
  CHECK_NOTHROW(gilsim::load_scenario_text(wide, "s.json", {.max_threads = UINT64_MAX, .max_script_steps = UINT64_MAX}));
  Scenario s = load(wide);
  for (int i = 0; i < 4; ++i) s.processes.push_back(s.processes[0]);
  s.processes[0].count = 1'000'000;
  for (auto& p : s.processes) p.threads[1].count = 1'000'000;
  CHECK(gilsim::measure_scenario(s).threads > gilsim::kMaxThreadsCeiling);
  CHECK_THROWS_WITH_AS(gilsim::check_scenario_size(s, {.max_threads = UINT64_MAX}, "s.json"),
                       doctest::Contains("more than the limit of 4000000000"), InputError);
}

TEST_CASE("loader: a policy accepts the other policies' settings unused, so one file sweeps across policies") {
  Scenario s = load(R"({"name": "x", "scheduler": {"policy": "fifo", "quantum": "3ms", "latency": "9ms"},
    "processes": [{"name": "app", "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK(s.scheduler.policy == gilsim::SchedulerPolicy::fifo);
  CHECK(s.scheduler.quantum == 3 * gilsim::kMillisecond);
}

TEST_CASE("cfs defaults and cpus follow the core count the run has, not the file's") {
  // The file says 1 core; a run with --cores 8 must get 8 cores' defaults:
  // factor 1 + log2(8) = 4: latency 24 ms, min_granularity 3 ms, wakeup 4 ms.
  // (The loader used to fill in 1 core's 6 / 0.75 / 1 ms, which --cores kept.)
  Scenario s = load(R"({"name": "t", "cores": 1, "scheduler": {"policy": "cfs"},
                       "processes": [{"name": "p", "threads": [{"name": "w", "steps": [{"compute": "1ms"}]}]}]})");
  CHECK_FALSE(s.scheduler.latency.has_value());
  gilsim::CfsTunables eight = gilsim::cfs_tunables(s.scheduler, 8);
  CHECK(eight.latency == 24 * gilsim::kMillisecond);
  CHECK(eight.min_granularity == 3 * gilsim::kMillisecond);
  CHECK(eight.wakeup_granularity == 4 * gilsim::kMillisecond);
  // cpus [3] is fine on the file's 4 cores, not on 2 (the model read running_[3]) nor on 1.
  Scenario pinned = load(app(R"({"name": "a", "cpus": [3], "steps": [{"compute": "1ms"}]})").replace(1, 0, R"("cores": 4, )"));
  CHECK_FALSE(gilsim::check_core_count(pinned, 4).has_value());
  auto problem = gilsim::check_core_count(pinned, 2);
  REQUIRE(problem.has_value());
  CHECK(problem->pointer == "/processes/0/threads/0/cpus/0");
  CHECK(problem->message == "core 3 does not exist (thread app/a; the run has 2 cores: 0 to 1)");
  CHECK(gilsim::check_core_count(pinned, 1).has_value());
}

TEST_CASE("an explicit cfs wakeup_granularity of 0 stays 0") {
  // 0 used to mean "unset" and became the default (1 ms on 1 core).
  Scenario s = load(R"({"name": "t", "scheduler": {"policy": "cfs", "wakeup_granularity": "0ms"},
                       "processes": [{"name": "p", "threads": [{"name": "w", "steps": [{"compute": "1ms"}]}]}]})");
  REQUIRE(s.scheduler.wakeup_granularity.has_value());
  CHECK(gilsim::cfs_tunables(s.scheduler, 1).wakeup_granularity == 0);
}

// multiprocessing's start methods (fork, forkserver, spawn): what each costs
// the spawner and the child, the fork server launched once per process, the
// default of the Python version a scenario names, a process pool that starts
// its workers one by one with forkserver and spawn, and the loader's
// messages. Every expected number is worked out by hand in the comment above it.
#include <doctest/doctest.h>

#include <string>

#include "model/pool/executor.h"
#include "pool_fixture.h"

namespace gilsim {
namespace {

using pool_fixture::ms;

// A run with the costs `set_costs` gives, and its results by thread name (pool_fixture.h).
struct StartRun : pool_fixture::PoolScenarioRun {
  using PoolScenarioRun::PoolScenarioRun;
  Time in(const std::string& name, ThreadState state) const { return of(name).time_in[state]; }
};

// The program "main" spawns 2 copies of "worker" (5 ms of Python each) and waits for them.
std::string spawner(int cores, const std::string& method) {
  return R"({"name": "starts", "cores": )" + std::to_string(cores) + R"(, "costs": "none", "start_method": ")" +
         method + R"(", "processes": [
    {"name": "main", "threads": [{"name": "main", "steps": [{"spawn": "worker"}, {"wait": "worker"}]}]},
    {"name": "worker", "count": 2, "threads": [{"name": "main", "steps": [{"compute": "5ms"}]}]}]})";
}

Scenario load(const std::string& json) { return load_scenario_text(json, "s.json"); }

}  // namespace

TEST_CASE("spawn: the spawner pays spawn_start, each child boots on a core before its steps") {
  // spawn_start 1 ms, spawn_boot 10 ms, 2 cores. main: 0..1 start(), worker-1
  // runnable at 1 (no latency), boots 1..11 and computes 11..16; main 1..2
  // start(), worker-2 at 2 takes main's core when main waits: 2..12, 12..17.
  StartRun run(spawner(2, "spawn"), [](CostSpec& c) {
    c.spawn_start = 1 * ms;
    c.spawn_boot = 10 * ms;
  });
  CHECK(run.finish("worker-1/main") == 16 * ms);
  CHECK(run.finish("worker-2/main") == 17 * ms);
  CHECK(run.in("worker-1/main", ThreadState::running) == 15 * ms);  // the boot is the child's own computing
  CHECK(run.in("main/main", ThreadState::running) == 2 * ms);       // the program itself does not boot
  CHECK(run.outcome.end == 17 * ms);
}

TEST_CASE("fork: the child is runnable process_start_latency after start(), and does not boot") {
  // process_start 1 ms, latency 3 ms (spawn's costs set too, and unused):
  // worker-1 runs 4..9, worker-2 (start() 1..2) 5..10.
  StartRun run(spawner(2, "fork"), [](CostSpec& c) {
    c.process_start = 1 * ms;
    c.process_start_latency = 3 * ms;
    c.spawn_start = 7 * ms;
    c.spawn_boot = 10 * ms;
  });
  CHECK(run.finish("worker-1/main") == 9 * ms);
  CHECK(run.finish("worker-2/main") == 10 * ms);
  CHECK(run.in("worker-1/main", ThreadState::running) == 5 * ms);
}

TEST_CASE("forkserver: the first start in a process launches the server, without the spawner's GIL, and later ones do not") {
  // forkserver_start 1 ms, launch 20 ms, boot 5 ms, 4 cores. main: 0..1
  // start(), 1..21 waits for the server (native), worker-1 boots 21..26 and
  // computes 26..31; main 21..22 start() (no launch), worker-2 22..27, 27..32.
  StartRun run(spawner(4, "forkserver"), [](CostSpec& c) {
    c.forkserver_start = 1 * ms;
    c.forkserver_launch = 20 * ms;
    c.forkserver_boot = 5 * ms;
  });
  CHECK(run.finish("worker-1/main") == 31 * ms);
  CHECK(run.finish("worker-2/main") == 32 * ms);
  // On its core 2 ms in start() and 20 ms waiting for the server (native
  // code, which the totals count as running): the launch was paid once.
  CHECK(run.in("main/main", ThreadState::running) == 22 * ms);
}

TEST_CASE("a process's own start_method and start_cost win over the scenario's") {
  // The scenario says spawn; worker says fork with start_cost 2 ms and
  // process_start_latency 1 ms: worker-1 runs 3..8, worker-2 (start() 2..4) 5..10.
  std::string json = spawner(2, "spawn");
  json.replace(json.find(R"({"name": "worker", "count": 2,)"), 30,
               R"({"name": "worker", "count": 2, "start_method": "fork", "start_cost": "2ms",)");
  StartRun run(json, [](CostSpec& c) {
    c.process_start_latency = 1 * ms;
    c.spawn_boot = 50 * ms;
  });
  CHECK(run.finish("worker-1/main") == 8 * ms);
  CHECK(run.finish("worker-2/main") == 10 * ms);
}

TEST_CASE("the Python version a scenario names sets the default start method: forkserver from 3.14") {
  auto method = [](const std::string& extra) {
    return load(R"({"name": "v", )" + extra + R"("processes": [{"name": "p", "threads": [{"name": "main", "steps": []}]}]})")
        .start_method;
  };
  CHECK(method("") == StartMethod::fork);
  CHECK(method(R"("python": "3.13", )") == StartMethod::fork);
  CHECK(method(R"("python": "3.11.7", )") == StartMethod::fork);
  CHECK(method(R"("python": "3.14", )") == StartMethod::forkserver);
  CHECK(method(R"("python": "3.15", )") == StartMethod::forkserver);
  CHECK(method(R"("python": "3.14", "start_method": "fork", )") == StartMethod::fork);
  CHECK(method(R"("start_method": "spawn", )") == StartMethod::spawn);
}

TEST_CASE("process pool with spawn: a submit starts a worker while none is idle, and the first also starts the manager") {
  Executor ex(ExecutorKind::process, 3, true);
  Executor::Submitted first = ex.submit(1, PoolCall{0, 1, 1, 0});
  CHECK(first.start_worker == std::optional<std::uint32_t>(0));
  CHECK(first.launch);
  Executor::Submitted second = ex.submit(1, PoolCall{0, 1, 1, 0});
  CHECK(second.start_worker == std::optional<std::uint32_t>(1));
  CHECK(!second.launch);
  // The manager sets a future and releases the idle semaphore: the next submit starts nobody.
  ex.complete(PoolCall{0, 1, 1, 0}, 5, 2);
  Executor::Submitted third = ex.submit(1, PoolCall{0, 1, 1, 0});
  CHECK(!third.start_worker);
  CHECK(ex.submit(1, PoolCall{0, 1, 1, 0}).start_worker == std::optional<std::uint32_t>(2));
  // With fork, the first submit launches every worker and names none.
  Executor fork(ExecutorKind::process, 3);
  Executor::Submitted all = fork.submit(1, PoolCall{0, 1, 1, 0});
  CHECK(all.launch);
  CHECK(!all.start_worker);
}

TEST_CASE("process pool run with spawn: workers start one per submit and boot, and an idle worker serves the next submit") {
  // costs none but spawn_start 1 ms and spawn_boot 4 ms; 4 cores; max_workers
  // 3; tasks of 10 ms. main: submit 1 spawns pool-1 (0..1; boots 1..5, runs
  // the call 5..15), starts the manager and the feeder; submit 2 spawns
  // pool-2 (1..2; boots 2..6, runs 6..16). results at 16, when the manager
  // has set both futures (two idle counts). submit 3 takes an idle count:
  // nobody is spawned; pool-1 (taken first) runs it 16..26. Then the exit
  // handler's shutdown: the workers exit, and so does main, at 26.
  std::string json = R"({"name": "pool", "cores": 4, "costs": "none", "processes": [{"name": "app",
    "tasks": {"work": {"steps": [{"compute": "10ms"}]}},
    "executors": {"pool": {"kind": "process", "max_workers": 3, "start_method": "spawn"}},
    "threads": [{"name": "main", "steps": [
      {"submit": "pool", "task": "work", "count": 2}, {"results": "pool"},
      {"submit": "pool", "task": "work"}, {"results": "pool"}]}]}]})";
  StartRun run(json, [](CostSpec& c) {
    c.spawn_start = 1 * ms;
    c.spawn_boot = 4 * ms;
  });
  CHECK(run.in("pool-1/main", ThreadState::running) == 24 * ms);  // boot 4 + two calls
  CHECK(run.in("pool-2/main", ThreadState::running) == 14 * ms);
  CHECK(run.of("pool-3/main").start < 0);  // never spawned
  CHECK(run.in("app/main", ThreadState::running) == 2 * ms);  // two start()s
  CHECK(run.outcome.end == 26 * ms);
  CHECK(!run.outcome.deadlock);
}

TEST_CASE("start method errors name the place and what is valid") {
  auto error = [](const std::string& json) {
    try {
      load(json);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("(loaded)");
  };
  const std::string threads = R"("threads": [{"name": "main", "steps": []}])";
  CHECK(error(R"({"name": "x", "start_method": "spwan", "processes": [{"name": "p", )" + threads + "}]}") ==
        "s.json: /start_method: unknown start method \"spwan\" (did you mean \"spawn\"?; valid: fork (a copy of the "
        "parent), forkserver (a fork of a server process), spawn (a new interpreter))");
  CHECK(error(R"({"name": "x", "python": "three", "processes": [{"name": "p", )" + threads + "}]}") ==
        "s.json: /python: expected a CPython version such as \"3.11\" or \"3.14\" (2.7 or 3.x), got \"three\"");
  CHECK(error(R"({"name": "x", "python": "2.7", "processes": [{"name": "p", "start_method": "spawn", )" + threads +
              "}]}") ==
        "s.json: /processes/0/start_method: start method spawn needs Python 3.4 or later, but the scenario names "
        "\"python\": \"2.7\" (whose multiprocessing has only fork)");
  CHECK(error(R"({"name": "x", "processes": [{"name": "p", "executors": {"t": {"kind": "thread", "start_method": "spawn"}}, )" +
              threads + "}]}") ==
        "s.json: /processes/0/executors/t/start_method: a thread pool starts no process (\"start_method\" is a "
        "process pool's mp_context)");
}

}  // namespace gilsim

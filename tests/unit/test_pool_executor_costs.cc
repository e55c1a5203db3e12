// A ProcessPoolExecutor's own per-call time (docs/costs.md: manager_result,
// manager_wakeup, feeder_call, process_worker_call), from scenario JSON with
// every other cost 0: which thread pays each, how a manager's wake-ups add
// up, and that a multiprocessing.Pool pays none of them. Every expected
// number is worked out by hand in the comment above it.
#include <doctest/doctest.h>

#include "pool_fixture.h"

namespace gilsim {

using namespace pool_fixture;

namespace {

// Every cost 0 but a ProcessPoolExecutor's own per-call costs.
void executor_costs(CostSpec& c) {
  c.manager_result = 30 * us;
  c.manager_wakeup = 5 * us;
  c.feeder_call = 10 * us;
  c.process_worker_call = 20 * us;
}

std::string two_calls(const char* kind) {
  return app(2, true, R"({"t": {"steps": [{"compute": "1ms"}]}})",
             std::string(R"({"pool": {"kind": ")") + kind + R"(", "max_workers": 1}})",
             R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 2}, {"results": "pool"}]}])");
}

}  // namespace

TEST_CASE("process pool costs: the manager, the feeder and the worker each pay their own per call") {
  // Two calls of 1 ms on one worker process, 2 cores. manager_result 30 us,
  // manager_wakeup 5 us, feeder_call 10 us, process_worker_call 20 us; the
  // other costs 0. At 0 main submits call 1 (wake-up 1), forks the worker and
  // starts the manager, which takes app's GIL: it reads wake-up 1 alone, no
  // result, 0..5. Main starts the feeder, which takes call 1 5..15; main
  // submits call 2 (wake-up 2) at 15 and waits. The worker runs call 1
  // 15..1035 (20 + 1000); the feeder takes call 2 15..25 (two calls may wait
  // between the feeder and one worker); the manager reads wake-up 2 25..30.
  // The worker runs call 2 1035..2055; the manager handles result 1
  // 1035..1065 and result 2 2055..2085, which sets the last future.
  // Manager 5 + 5 + 2 x 30 = 70 us, feeder 2 x 10 = 20 us, worker 2 x 1020 us.
  PoolScenarioRun run(two_calls("process"), executor_costs);
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  CHECK(run.running("app/pool-manager") == 70 * us);
  CHECK(run.running("app/pool-feeder") == 20 * us);
  CHECK(run.running("pool-1/main") == 2040 * us);
  CHECK(run.result.pools[0].calls == 2);  // the loop with wake-ups alone completed nothing
  CHECK(run.result.pools[0].last_done == 2085 * us);
  CHECK(run.result.makespan == 2085 * us);
  CHECK(run.of("app/main").time_in[ThreadState::gil_wait] == 15 * us);  // 0..5 and 5..15
}

TEST_CASE("process pool costs: each submit's wake-up costs the manager manager_wakeup, however many loops read them") {
  // Five submits, manager_wakeup 7 us, every other cost 0 and calls of no
  // time: the manager reads 5 wake-ups, in one loop or several: 35 us.
  PoolScenarioRun run(app(2, true, R"({"t": {"steps": []}})", R"({"pool": {"kind": "process", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 5}, {"results": "pool"}]}])"),
                      [](CostSpec& c) { c.manager_wakeup = 7 * us; });
  CHECK(!run.outcome.deadlock);
  CHECK(run.running("app/pool-manager") == 35 * us);
  CHECK(run.result.pools[0].calls == 5);
}

TEST_CASE("process pool costs: map's caller pays map_result for each call as it finishes") {
  // map of 3 items of 1 ms (chunksize 1: 3 calls) on one worker, 2 cores,
  // every cost 0 but map_result. The worker runs them 0..1, 1..2, 2..3 ms;
  // the caller wakes as each finishes and takes it: map_result after 1, 2
  // and 3 ms. 50 us: it waits again each time, ending at 3050 us. 1.5 ms:
  // the 2nd and 3rd finish while it takes the 1st, so it goes on without
  // waiting: 1000 + 3 x 1500 = 5500 us. 0: one wait for all, 3000 us.
  auto map_run = [](Time map_result) {
    return PoolScenarioRun(app(2, true, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                               R"({"pool": {"kind": "process", "max_workers": 1}})",
                               R"([{"name": "main", "steps": [{"map": "pool", "task": "t", "count": 3}]}])"),
                           [=](CostSpec& c) { c.map_result = map_result; });
  };
  PoolScenarioRun waits = map_run(50 * us);
  CHECK(!waits.outcome.deadlock);
  CHECK(waits.result.pools[0].calls == 3);
  CHECK(waits.running("app/main") == 150 * us);
  CHECK(waits.finish("app/main") == 3050 * us);
  PoolScenarioRun busy = map_run(1500 * us);
  CHECK(busy.running("app/main") == 4500 * us);
  CHECK(busy.finish("app/main") == 5500 * us);
  PoolScenarioRun once = map_run(0);
  CHECK(once.running("app/main") == 0);
  CHECK(once.finish("app/main") == 3 * ms);
}

TEST_CASE("process pool costs: a multiprocessing.Pool pays none of them") {
  // The same two calls through a multiprocessing.Pool: its task and result
  // handler threads and its worker have none of ProcessPoolExecutor's costs
  // (worker_call, 0 here, is theirs): only the task's 2 x 1 ms.
  PoolScenarioRun run(two_calls("mp_pool"), executor_costs);
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  CHECK(run.running("app/pool-result_handler") == 0);
  CHECK(run.running("app/pool-task_handler") == 0);
  CHECK(run.running("pool-1/main") == 2 * ms);
}

TEST_CASE("process pool pipes: a message larger than the pipe goes at the reader's pace") {
  // One call, one worker process, 2 cores. pickle 10 us + 100 us/MB,
  // unpickle 5 us + 200 us/MB, write 20 us + 1 ms/MB, read 3 ms/MB; the
  // other costs 0. args 500 KB and result 2 MB, both past the pipe's 64 KiB:
  // each write lasts the slower of writing and reading.
  //   feeder:  pickle 10 + 50 = 60 us (0..60), write max(520, 1500) = 1500 (60..1560)
  //   worker:  unpickle 105, task 1000, pickle 210, write max(2020, 6000) = 6000
  //            (1560..8875)
  //   manager: unpickle 5 + 400 = 405 (8875..9280)
  // With args of 1000 B the call fits the pipe: its write is 20 + 1 = 21 us
  // whatever reading costs: the worker starts at 10.1 + 21 = 31.1 us,
  // unpickles in 5.2 us and runs as before (1000 + 210 + 6000); the manager
  // is done 405 us later, at 7651.3 us.
  auto costs = [](CostSpec& c) {
    pickling_costs(10 * us, 100 * us, 5 * us, 200 * us, 20 * us, 1 * ms)(c);
    c.queue_read_mb = 3 * ms;
  };
  auto one_call = [](const char* args) {
    return app(2, true,
               std::string(R"({"t": {"steps": [{"compute": "1ms"}], "args": ")") + args + R"(", "result": "2MB"}})",
               R"({"pool": {"kind": "process", "max_workers": 1}})",
               R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"results": "pool"}]}])");
  };
  PoolScenarioRun big(one_call("500KB"), costs);
  CAPTURE(big.names());
  CHECK(!big.outcome.deadlock);
  CHECK(big.running("app/pool-feeder") == 1560 * us);
  CHECK(big.running("pool-1/main") == 7315 * us);
  CHECK(big.running("app/pool-manager") == 405 * us);
  CHECK(big.result.pools[0].last_done == 9280 * us);

  PoolScenarioRun small(one_call("1000B"), costs);
  CHECK(small.running("app/pool-feeder") == 10100 + 21 * us);
  CHECK(small.result.pools[0].last_done == 7651300);
}

}  // namespace gilsim

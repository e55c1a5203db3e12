// What the Pools reports add up per executor (docs/pools.md): the workers
// started, their busy time and share, and the priced pickling, unpickling and
// pipe writes by where they were spent, in small runs worked out by hand in
// the comment above each check.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "pool_fixture.h"
#include "report/pool_json.h"

namespace gilsim {

using namespace pool_fixture;

TEST_CASE("pool report: a process pool's pickling and pipe writes, summed by where, and its workers' busy share") {
  // Costs: pickle 10 us + 100 us/MB, unpickle 5 us + 200 us/MB, pipe 20 us +
  // 1 ms/MB, nothing else. One call of 1 ms of compute, args 1 MB, result 1 MB,
  // to a pool of 2 workers on 8 cores (no thread waits for a core).
  //   0..110     the feeder pickles the call (10 + 100), holding app's GIL
  //   110..1130  it writes it to the pipe (20 + 1000); the call is in the call queue
  //   1130..1335 pool-1 takes it and unpickles it (5 + 200)
  //   1335..2335 runs the task
  //   2335..2445 pickles the result (10 + 100)
  //   2445..3465 writes it (20 + 1000): pool-1 was busy 1130..3465 = 2335 us
  //   3465..3670 the manager unpickles the result (5 + 200) and sets the future
  // pool-2 was started (the first submit forks every worker) and never took a call.
  // Busy share: 2335 / (2 workers x (3670 - 0)) = 2335 / 7340.
  // Pickling: 110 + 205 (manager) + 205 + 110 (worker) = 630 us; pipe: 1020 + 1020 = 2040 us.
  PoolScenarioRun run(app(8, true, R"({"t": {"steps": [{"compute": "1ms"}], "args": "1MB", "result": "1MB"}})",
                          R"({"pool": {"kind": "process", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"results": "pool"}]}])"),
                      pickling_costs(10 * us, 100 * us, 5 * us, 200 * us, 20 * us, 1 * ms));
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  REQUIRE(run.result.pools.size() == 1);
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.first_submit == 0);
  CHECK(pool.last_done == 3670 * us);
  CHECK(pool.workers_started == 2);
  CHECK(pool.busy == 2335 * us);
  CHECK(pool.busy_share() == doctest::Approx(2335.0 / 7340.0));
  CHECK(pool.cost(PoolCostKind::feeder_pickle) == 110 * us);
  CHECK(pool.cost(PoolCostKind::feeder_write) == 1020 * us);
  CHECK(pool.cost(PoolCostKind::manager_unpickle) == 205 * us);
  CHECK(pool.cost(PoolCostKind::worker_unpickle) == 205 * us);
  CHECK(pool.cost(PoolCostKind::worker_pickle) == 110 * us);
  CHECK(pool.cost(PoolCostKind::worker_write) == 1020 * us);
  CHECK(pool.pickling() == 630 * us);
  CHECK(pool.pipe() == 2040 * us);
  // What was priced is what the threads ran (compute and the pipe writes, native, count as running).
  CHECK(run.running("app/pool-feeder") == (110 + 1020) * us);
  CHECK(run.running("app/pool-manager") == 205 * us);
  CHECK(run.running("pool-1/main") == pool.busy);
  CHECK(run.running("pool-2/main") == 0);
  nlohmann::ordered_json j = pool_json(*run.roster, 0, pool);
  CHECK(j["workers_started"] == 2);
  CHECK(j["busy_ns"] == 2335 * us);
  CHECK(j["busy_share"] == doctest::Approx(0.318120));  // 2335 / 7340, six decimals
  CHECK(j["pickling_ns"] == 630 * us);
  CHECK(j["pipe_ns"] == 2040 * us);
  CHECK(j["costs_ns"]["feeder_write"] == 1020 * us);
  CHECK(j["costs_ns"]["manager_unpickle"] == 205 * us);
}

TEST_CASE("pool report: a process pool's map chunk is pickled once, whole, and its items keep the worker busy") {
  // 4 items of 1 ms, chunksize 2, args 1000 B an item; pickle 10 us + 1 ms/MB,
  // every other cost 0; max_workers 2 on 4 cores. The feeder pickles 2 calls
  // of 2000 B: 10 + 2 = 12 us each; call 1 is given at 12, call 2 at 24.
  // pool-1 runs call 1 12..2012 and pickles its empty result 2012..2022;
  // pool-2 runs call 2 24..2024 and pickles 2024..2034. Busy 2010 + 2010 us,
  // the last future set at 2034: share 4020 / (2 x 2034).
  PoolScenarioRun run(app(4, true, R"({"t": {"steps": [{"compute": "1ms"}], "args": "1000B"}})",
                          R"({"pool": {"kind": "process", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"map": "pool", "task": "t", "count": 4, "chunksize": 2}]}])"),
                      pickling_costs(10 * us, 1 * ms, 0, 0, 0, 0));
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.calls == 2);
  CHECK(pool.cost(PoolCostKind::feeder_pickle) == 24 * us);
  CHECK(pool.cost(PoolCostKind::worker_pickle) == 20 * us);
  CHECK(pool.pickling() == 44 * us);
  CHECK(pool.pipe() == 0);
  CHECK(pool.workers_started == 2);
  CHECK(pool.busy == 4020 * us);
  CHECK(pool.last_done == 2034 * us);
  CHECK(pool.busy_share() == doctest::Approx(4020.0 / 4068.0));
}

TEST_CASE("pool report: a thread pool's workers pickle nothing, their busy share is over the workers started") {
  // Two calls of 1 ms of I/O to a thread pool of max_workers 4 (no GIL held in
  // I/O): each submit finds no idle worker and starts one, so 2 are started,
  // each busy 0..1 ms. Share 2 / (2 x 1) = 1; pool-3 and pool-4 do not count.
  PoolScenarioRun run(app(1, true, R"({"t": {"steps": [{"io": "1ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 4}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 2}, {"results": "pool"}]}])"));
  CHECK(!run.outcome.deadlock);
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.workers_started == 2);
  CHECK(pool.busy == 2 * ms);
  CHECK(pool.last_done == 1 * ms);
  CHECK(pool.busy_share() == doctest::Approx(1.0));
  CHECK(pool.pickling() == 0);
  CHECK(pool.pipe() == 0);
  for (Time cost : pool.costs) CHECK(cost == 0);
}

TEST_CASE("pool report: workers forked for a call they never get lower the busy share") {
  // max_workers 3, one call of 1 ms, no costs: three worker processes start
  // at 0 and one runs the call 0..1. Share 1 / (3 x 1).
  PoolScenarioRun run(app(4, true, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "process", "max_workers": 3}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"results": "pool"}]}])"));
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.workers_started == 3);
  CHECK(pool.busy == 1 * ms);
  CHECK(pool.busy_share() == doctest::Approx(1.0 / 3.0));
}

}  // namespace gilsim

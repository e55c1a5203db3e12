// concurrent.futures executors in simulated runs (docs/pools.md), from
// scenario JSON with every cost given: makespans, workers' finishes, lazy
// starts, what pickling costs the feeder, the manager and the worker
// processes, map chunks, per-call latency figures, the exit handler's
// shutdown and free-threaded pools. Every expected number is worked out by
// hand in the comment above it.
#include <doctest/doctest.h>

#include "pool_fixture.h"

namespace gilsim {

using namespace pool_fixture;

TEST_CASE("thread pool run: 4 calls of 1 ms on 2 workers, 2 cores, no GIL, take 2 ms") {
  // 0: main's first submit starts pool-1 (main waits in start until it runs, on
  // the free core); the second starts pool-2, which takes the other core, so
  // main is ready without a core. pool-1 runs call 1 and pool-2 call 2, 0..1.
  // 1: both set their futures (idle 2) and find the queue empty; main gets a
  // core and submits calls 3 and 4, each taking an idle count and waking a
  // worker: both run 1..2. 2: main's results return, its exit handler shuts
  // the pool down and joins the workers, which exit at once.
  PoolScenarioRun run(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 4}, {"results": "pool"}]}])"));
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  CHECK(run.result.makespan == 2 * ms);
  CHECK(run.finish("app/pool-1") == 2 * ms);
  CHECK(run.finish("app/pool-2") == 2 * ms);
  CHECK(run.finish("app/main") == 2 * ms);
  CHECK(run.running("app/pool-1") == 2 * ms);
  CHECK(run.running("app/pool-2") == 2 * ms);
  REQUIRE(run.result.pools.size() == 1);
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.calls == 4);
  CHECK(pool.items == 4);
  CHECK(pool.first_submit == 0);
  CHECK(pool.last_done == 2 * ms);
  // Calls 1, 2: 0..1; calls 3, 4: submitted at 1, done at 2. Every latency 1 ms.
  CHECK(pool.latency_mean == 1 * ms);
  CHECK(pool.latency_p50 == 1 * ms);
  CHECK(pool.latency_p95 == 1 * ms);
  CHECK(pool.latency_max == 1 * ms);
  CHECK(pool.throughput() == doctest::Approx(2000.0));  // 4 items in 2 ms
}

TEST_CASE("thread pool run: with the GIL the same calls take 4 ms, on one core or two") {
  // One GIL: 4 ms of Python in all. The GIL is never idle while there is
  // work: main waits for it while pool-1 runs call 1 (0..1) and gets it when
  // pool-1 blocks on the empty queue; every call is shorter than the 5 ms
  // switch interval, so no holder is forced out. 4 ms.
  for (int cores : {1, 2}) {
    CAPTURE(cores);
    PoolScenarioRun run(app(cores, true, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                            R"({"pool": {"kind": "thread", "max_workers": 2}})",
                            R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 4}, {"results": "pool"}]}])"));
    CHECK(!run.outcome.deadlock);
    CHECK(run.result.makespan == 4 * ms);
    CHECK(run.running("app/pool-1") + run.running("app/pool-2") == 4 * ms);
    CHECK(run.result.pools[0].calls == 4);
  }
}

TEST_CASE("thread pool run: while every worker is blocked in I/O, each submit starts another, up to max_workers") {
  // max_workers 4, three calls of 10 ms of I/O: no call is done before the
  // third submit, so each starts a worker (pool-1..3); pool-4 is never started.
  // All three do their I/O 0..10.
  PoolScenarioRun run(app(1, true, R"({"t": {"steps": [{"io": "10ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 4}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 3}, {"results": "pool"}]}])"));
  CHECK(!run.outcome.deadlock);
  CHECK(run.started("app/pool-1"));
  CHECK(run.started("app/pool-2"));
  CHECK(run.started("app/pool-3"));
  CHECK(!run.started("app/pool-4"));
  CHECK(run.of("app/pool-4").finish == -1);
  CHECK(run.result.makespan == 10 * ms);
  for (const char* w : {"app/pool-1", "app/pool-2", "app/pool-3"}) {
    CAPTURE(w);
    CHECK(run.of(w).time_in[ThreadState::io] == 10 * ms);
    CHECK(run.finish(w) == 10 * ms);
  }
  CHECK(run.result.pools[0].latency_max == 10 * ms);
}

TEST_CASE("thread pool run: more blocked calls than max_workers queue for the workers") {
  // max_workers 2, five calls of 10 ms of I/O: pool-1 and pool-2 start; calls
  // 3..5 wait. 10: both finish a call and take calls 3 and 4 (10..20); 20:
  // pool-1 (or pool-2) takes call 5 (20..30). Latencies 10, 10, 20, 20, 30 ms:
  // mean 18, p50 (rank 3) 20, p95 (rank 5) 30.
  PoolScenarioRun run(app(1, true, R"({"t": {"steps": [{"io": "10ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 5}, {"results": "pool"}]}])"));
  CHECK(!run.outcome.deadlock);
  CHECK(run.result.makespan == 30 * ms);
  CHECK(run.of("app/pool-1").time_in[ThreadState::io] + run.of("app/pool-2").time_in[ThreadState::io] == 50 * ms);
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.calls == 5);
  CHECK(pool.latency_mean == 18 * ms);
  CHECK(pool.latency_p50 == 20 * ms);
  CHECK(pool.latency_p95 == 30 * ms);
  CHECK(pool.latency_max == 30 * ms);
}

TEST_CASE("thread pool run: a submit after a call is done reuses the idle worker and starts nobody") {
  // pool-1 runs call 1 (I/O 0..10) while main does 20 ms of I/O; at 20 main
  // submits again: the idle semaphore (released at 10) serves it, pool-2 is
  // never started; pool-1 runs call 2 20..30.
  PoolScenarioRun run(app(1, true, R"({"t": {"steps": [{"io": "10ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 4}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"io": "20ms"},
                                {"submit": "pool", "task": "t"}, {"results": "pool"}]}])"));
  CHECK(!run.outcome.deadlock);
  CHECK(!run.started("app/pool-2"));
  CHECK(run.of("app/pool-1").time_in[ThreadState::io] == 20 * ms);
  CHECK(run.result.makespan == 30 * ms);
  CHECK(run.result.pools[0].calls == 2);
  CHECK(run.result.pools[0].latency_max == 10 * ms);
}

TEST_CASE("thread pool run: latency figures are nearest-rank over the calls") {
  // One worker on its own core, no GIL: main submits 20 calls of 1 ms at 0;
  // call k is done at k ms. Latencies 1..20 ms: mean 10.5, p50 = the 10th,
  // p95 = the 19th (nearest rank: ceil(0.95 * 20)), max 20.
  PoolScenarioRun run(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 1}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 20}, {"results": "pool"}]}])"));
  CHECK(!run.outcome.deadlock);
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.calls == 20);
  CHECK(pool.items == 20);
  CHECK(pool.first_submit == 0);
  CHECK(pool.last_done == 20 * ms);
  CHECK(pool.latency_mean == 10500 * us);
  CHECK(pool.latency_p50 == 10 * ms);
  CHECK(pool.latency_p95 == 19 * ms);
  CHECK(pool.latency_max == 20 * ms);
  CHECK(run.result.makespan == 20 * ms);
}

TEST_CASE("thread pool run: submit costs Python time in the submitter") {
  // costs: submit 100 us, nothing else. Two cores, no GIL, 1 worker, 3 calls
  // of 1 ms: main's submits end at 100, 200 and 300 us; the worker runs call 1
  // 100..1100, call 2 1100..2100, call 3 2100..3100.
  PoolScenarioRun run(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 1}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 3}, {"results": "pool"}]}])"),
                      [](CostSpec& costs) { costs.submit = 100 * us; });
  CHECK(!run.outcome.deadlock);
  CHECK(run.running("app/main") == 300 * us);
  CHECK(run.running("app/pool-1") == 3 * ms);
  CHECK(run.result.makespan == 3100 * us);
  CHECK(run.result.pools[0].first_submit == 100 * us);
  // Latencies 1, 1.9 and 2.8 ms.
  CHECK(run.result.pools[0].latency_max == 2800 * us);
  CHECK(run.result.pools[0].latency_mean == 1900 * us);
}

TEST_CASE("thread pool run: map ignores chunksize, as CPython's Executor.map does") {
  PoolScenarioRun run(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"map": "pool", "task": "t", "count": 10, "chunksize": 4}]}])"));
  CHECK(!run.outcome.deadlock);
  CHECK(run.result.pools[0].calls == 10);
  CHECK(run.result.pools[0].items == 10);
  CHECK(run.result.makespan == 5 * ms);  // 10 ms of compute on 2 workers in parallel
}

TEST_CASE("process pool run: the feeder, the worker process and the manager spend what pickling and pipes cost") {
  // Costs: pickle 10 us + 100 us/MB, unpickle 5 us + 200 us/MB, pipe 20 us + 1 ms/MB.
  // A call: args 500 KB, result 2 MB, 1 ms of compute. Per call:
  //   feeder:  pickle args 10 + 50 = 60 us, write them 20 + 500 = 520 us        ->  580 us
  //   worker:  unpickle args 5 + 100 = 105, task 1000, pickle result 10 + 200 = 210,
  //            write it 20 + 2000 = 2020 us                                     -> 3335 us
  //   manager: unpickle result 5 + 400 = 405 us
  // Two calls, one worker, two cores. The feeder, started by the first
  // submit, pickles call 1 0..60 holding app's GIL, so main's second submit
  // waits for the GIL until 60; the feeder writes call 1 60..580 and handles
  // call 2 580..1160. The worker runs 580..3915 and 3915..7250; the manager
  // 3915..4320 and 7250..7655. Latencies 4320 and 7655 - 60 = 7595 us.
  PoolScenarioRun run(app(2, true, R"({"t": {"steps": [{"compute": "1ms"}], "args": "500KB", "result": "2MB"}})",
                          R"({"pool": {"kind": "process", "max_workers": 1}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 2}, {"results": "pool"}]}])"),
                      pickling_costs(10 * us, 100 * us, 5 * us, 200 * us, 20 * us, 1 * ms));
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  CHECK(run.running("app/pool-feeder") == 1160 * us);
  CHECK(run.running("app/pool-manager") == 810 * us);
  CHECK(run.running("pool-1/main") == 6670 * us);
  CHECK(run.running("app/main") == 0);
  CHECK(run.result.pools[0].calls == 2);
  CHECK(run.result.pools[0].items == 2);
  CHECK(run.result.pools[0].last_done == 7655 * us);
  CHECK(run.result.pools[0].latency_p50 == 4320 * us);
  CHECK(run.result.pools[0].first_submit == 0);
  CHECK(run.result.pools[0].latency_max == 7595 * us);
  CHECK(run.result.pools[0].latency_mean == 5957500);  // (4320 + 7595) / 2 us, in ns
  CHECK(run.of("app/main").time_in[ThreadState::gil_wait] == 60 * us);
  CHECK(run.result.makespan == 7655 * us);
}

TEST_CASE("process pool run: map sends chunks of chunksize items, each pickled whole") {
  // 10 items, chunksize 4: calls of 4, 4 and 2 items. args 1000 B an item;
  // pickle 10 us + 1 ms/MB, every other cost 0. The feeder pickles 4000,
  // 4000 and 2000 B: 3 x 10 + 10 000 B x 1 ms/MB = 40 us. The workers run the
  // 10 items (10 ms) and pickle 3 empty results (3 x 10 us).
  PoolScenarioRun run(app(3, true, R"({"t": {"steps": [{"compute": "1ms"}], "args": "1000B"}})",
                          R"({"pool": {"kind": "process", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"map": "pool", "task": "t", "count": 10, "chunksize": 4}]}])"),
                      pickling_costs(10 * us, 1 * ms, 0, 0, 0, 0));
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  const PoolResult& pool = run.result.pools[0];
  CHECK(pool.calls == 3);
  CHECK(pool.items == 10);
  CHECK(run.running("app/pool-feeder") == 40 * us);
  CHECK(run.running("app/pool-manager") == 0);
  CHECK(run.running("pool-1/main") + run.running("pool-2/main") == 10030 * us);
}

TEST_CASE("process pool run: a chunksize that divides the count makes count / chunksize calls") {
  PoolScenarioRun run(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "process", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"map": "pool", "task": "t", "count": 12, "chunksize": 3},
                                                         {"map": "pool", "task": "t", "count": 1, "chunksize": 5}]}])"));
  CHECK(!run.outcome.deadlock);
  CHECK(run.result.pools[0].calls == 4 + 1);
  CHECK(run.result.pools[0].items == 13);
}

TEST_CASE("process pool run: the first submit forks every worker, even those no call reaches") {
  // max_workers 3, one call of 1 ms: three worker processes start at 0; one
  // runs the call, and all exit at the exit handler's shutdown (1 ms).
  PoolScenarioRun run(app(4, true, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "process", "max_workers": 3}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"results": "pool"}]}])"));
  CAPTURE(run.names());
  CHECK(!run.outcome.deadlock);
  Time ran = 0;
  for (const char* w : {"pool-1/main", "pool-2/main", "pool-3/main"}) {
    CAPTURE(w);
    CHECK(run.started(w));
    CHECK(run.finish(w) == 1 * ms);
    ran += run.running(w);
  }
  CHECK(ran == 1 * ms);
  CHECK(run.result.makespan == 1 * ms);
}

TEST_CASE("exit handler: a main thread that never waits still ends after the pool's work, without deadlock") {
  // Thread pool, 2 workers, 2 cores, no GIL, 4 calls of 1 ms and no results or
  // shutdown step: main's exit handler shuts the pool down and joins the
  // workers, which finish the queue first (2 ms, as with results).
  PoolScenarioRun threads(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                              R"({"pool": {"kind": "thread", "max_workers": 2}})",
                              R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 4}]}])"));
  CHECK(!threads.outcome.deadlock);
  CHECK(threads.result.pools[0].calls == 4);
  CHECK(threads.finish("app/main") == 2 * ms);
  CHECK(threads.finish("app/pool-1") == 2 * ms);
  CHECK(threads.finish("app/pool-2") == 2 * ms);
  // The same with a process pool: the first submit forks pool-1 and pool-2
  // and starts the manager and the feeder; main's steps end at 0 and its exit
  // handler shuts the pool down and waits. The feeder sends calls 1..3 (at
  // most max_workers + 1 on their way), then is ready without a core while
  // the workers run calls 1 and 2 (0..1); at 1 it sends call 4 and, the work
  // queue empty after shutdown, exits. The workers run calls 3 and 4 1..2;
  // the manager sets the last future at 2 and exits, the workers with it.
  PoolScenarioRun processes(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                                R"({"pool": {"kind": "process", "max_workers": 2}})",
                                R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 4}]}])"));
  CHECK(!processes.outcome.deadlock);
  CHECK(processes.result.pools[0].calls == 4);
  CHECK(processes.result.pools[0].items == 4);
  CHECK(processes.result.pools[0].last_done == 2 * ms);
  CHECK(processes.finish("app/pool-feeder") == 1 * ms);
  CHECK(processes.finish("app/pool-manager") == 2 * ms);
  CHECK(processes.finish("pool-1/main") == 2 * ms);
  CHECK(processes.finish("pool-2/main") == 2 * ms);
  CHECK(processes.finish("app/main") == 2 * ms);
  CHECK(processes.result.makespan == 2 * ms);
}

TEST_CASE("exit handler: shutdown without wait lets main end first, the workers still finish the queue") {
  // Two cores, no GIL, 1 worker, 3 calls of 1 ms; main shuts down without
  // waiting, then its exit handler shuts down again with wait (CPython's
  // _python_exit joins every worker), so it joins pool-1, which runs the
  // three calls first: 3 ms.
  PoolScenarioRun run(app(2, false, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 1}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 3},
                                                         {"shutdown": "pool", "wait": false}]}])"));
  CHECK(!run.outcome.deadlock);
  CHECK(run.result.pools[0].calls == 3);
  CHECK(run.finish("app/pool-1") == 3 * ms);
  CHECK(run.finish("app/main") == 3 * ms);
}

TEST_CASE("free-threaded process: a thread pool's workers run in parallel, with the GIL they take turns") {
  // Two calls of 10 ms on 2 workers and 2 cores: 10 ms without a GIL, 20 ms with one.
  for (bool gil : {false, true}) {
    CAPTURE(gil);
    PoolScenarioRun run(app(2, gil, R"({"t": {"steps": [{"compute": "10ms"}]}})",
                            R"({"pool": {"kind": "thread", "max_workers": 2}})",
                            R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 2}, {"results": "pool"}]}])"));
    CHECK(!run.outcome.deadlock);
    CHECK(run.result.makespan == (gil ? 20 : 10) * ms);
    if (!gil) {  // each worker runs one call on its own core
      CHECK(run.running("app/pool-1") == 10 * ms);
      CHECK(run.running("app/pool-2") == 10 * ms);
    } else {
      // Main waits 5 ms for the GIL pool-1 took with call 1 before its second
      // submit starts pool-2; pool-2 then waits for the GIL, and pool-1, done
      // at 10 ms, takes call 2 first: it runs both calls.
      CHECK(run.running("app/pool-1") == 20 * ms);
      CHECK(run.running("app/pool-2") == 0);
    }
    CHECK(run.result.parallelism.max == (gil ? 1u : 2u));
  }
}

TEST_CASE("deadlock with a pool: main stuck on an event, the pool's idle workers wait for work for ever") {
  PoolScenarioRun run(R"({"name": "x", "costs": "none", "processes": [{"name": "app", "events": ["E"],
    "tasks": {"t": {"steps": [{"compute": "1ms"}]}},
    "executors": {"pool": {"kind": "thread", "max_workers": 2}},
    "threads": [{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"wait": "E"}]}]}]})");
  REQUIRE(run.outcome.deadlock);
  std::string text = run.deadlock_text();
  CHECK(text.find("app/main waits for event E") != std::string::npos);
  CHECK(text.find("app/pool-1 waits to get from queue pool.work_queue") != std::string::npos);
  CHECK(text.find("pool-2") == std::string::npos);  // never started: not part of it
  CHECK(run.result.pools[0].calls == 1);  // the call itself ran
}

TEST_CASE("process pool run: worker processes have GILs of their own and compute in parallel") {
  // Two calls of 10 ms of Python on 2 worker processes and 2 cores, with a
  // GIL: 10 ms, where a thread pool needs 20 (above). Costs none.
  PoolScenarioRun run(app(2, true, R"({"t": {"steps": [{"compute": "10ms"}]}})",
                          R"({"pool": {"kind": "process", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 2}, {"results": "pool"}]}])"));
  CHECK(!run.outcome.deadlock);
  CHECK(run.result.makespan == 10 * ms);
  CHECK(run.running("pool-1/main") == 10 * ms);
  CHECK(run.running("pool-2/main") == 10 * ms);
  CHECK(run.result.parallelism.max == 2u);
}

TEST_CASE("thread pool run: each copy of a process has an executor of its own") {
  // app with count 2, no GIL, 2 cores: each copy submits 3 calls of 1 ms to
  // its own pool (2 workers). 6 ms of compute on 2 cores: 3 ms.
  PoolScenarioRun run(R"({"name": "x", "costs": "none", "cores": 2, "processes": [{"name": "app", "count": 2,
    "gil": false, "tasks": {"t": {"steps": [{"compute": "1ms"}]}},
    "executors": {"pool": {"kind": "thread", "max_workers": 2}},
    "threads": [{"name": "main", "steps": [{"submit": "pool", "task": "t", "count": 3}, {"results": "pool"}]}]}]})");
  CHECK(!run.outcome.deadlock);
  REQUIRE(run.result.pools.size() == 2);
  CHECK(run.roster->executor_full_name(0) == "app-1/pool");
  CHECK(run.roster->executor_full_name(1) == "app-2/pool");
  CHECK(run.result.pools[0].calls == 3);
  CHECK(run.result.pools[1].calls == 3);
  CHECK(run.result.makespan == 3 * ms);
  CHECK(run.running("app-1/pool-1") + run.running("app-1/pool-2") == 3 * ms);
  CHECK(run.running("app-2/pool-1") + run.running("app-2/pool-2") == 3 * ms);
}

TEST_CASE("pool run: a pool shut down before any submit starts nothing, and results of no calls return at once") {
  // Two executors of each kind: "pool" gets only results and shutdown (none
  // of its threads or processes ever starts); "other" runs one call of 1 ms.
  for (const char* kind : {"thread", "process"}) {
    CAPTURE(kind);
    std::string executors = std::string(R"({"pool": {"kind": ")") + kind + R"(", "max_workers": 2}, "other": {"kind": ")" +
                            kind + R"(", "max_workers": 1}})";
    PoolScenarioRun run(app(2, true, R"({"t": {"steps": [{"compute": "1ms"}]}})", executors,
                            R"([{"name": "main", "steps": [{"results": "pool"}, {"shutdown": "pool"},
                                  {"submit": "other", "task": "t"}, {"results": "pool"}, {"results": "other"}]}])"));
    CAPTURE(run.names());
    CHECK(!run.outcome.deadlock);
    CHECK(run.result.makespan == 1 * ms);
    for (ThreadIndex t = 0; t < run.roster->threads().size(); ++t) {
      std::string name = run.roster->full_name(t);
      CAPTURE(name);
      bool of_pool = name.starts_with("app/pool") || name.starts_with("pool-");
      CHECK(run.result.threads[t].start == (of_pool ? -1 : 0));
    }
    // Only "other" set a future (executors looked up by name, whatever their order).
    for (std::uint32_t e = 0; e < run.result.pools.size(); ++e)
      CHECK(run.result.pools[e].calls == (run.roster->executor_full_name(e) == "app/other" ? 1u : 0u));
  }
}

// CPython raises RuntimeError("cannot schedule new futures after shutdown"):
// the thread dies with it, rather than waiting for ever on pool.futures.
TEST_CASE("thread pool run: a submit after shutdown is a program error, not a deadlock") {
  PoolScenarioRun run(app(1, true, R"({"t": {"steps": [{"compute": "1ms"}]}})",
                          R"({"pool": {"kind": "thread", "max_workers": 2}})",
                          R"([{"name": "main", "steps": [{"submit": "pool", "task": "t"}, {"shutdown": "pool"},
                                                         {"submit": "pool", "task": "t"}, {"results": "pool"}]}])"));
  REQUIRE(run.outcome.program_error);
  CHECK(run.outcome.program_error->refusal == ReleaseRefusal::submit_after_shutdown);
  CHECK(!run.outcome.deadlock);
}

}  // namespace gilsim

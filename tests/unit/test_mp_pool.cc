// multiprocessing.Pool ("kind": "mp_pool"): its map's default chunksize, its
// task handler that sends every call at once, and a hand-worked run. Every
// expected number is worked out by hand in the comment above it.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "model/pool/executor.h"
#include "model/roster.h"
#include "model/simulation.h"
#include "run/pipeline.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

constexpr Time ms = kMillisecond;

// The makespan of a run of `json` with costs "none".
Time makespan(const std::string& json) {
  Scenario scenario = load_scenario_text(json, "s.json");
  Roster roster(scenario);
  RunProducts run = simulate(roster, {.format = ReportFormat::json});
  CHECK(!run.outcome.deadlock);
  return run.outcome.end;
}

// One process "app" mapping `items` calls of 10 ms over 2 workers of `kind`, on 4 cores.
std::string mapping(const std::string& kind, int items, const std::string& chunksize = "") {
  return R"({"name": "map", "cores": 4, "costs": "none", "processes": [{"name": "app",
    "tasks": {"work": {"steps": [{"compute": "10ms"}]}},
    "executors": {"pool": {"kind": ")" + kind + R"(", "max_workers": 2}},
    "threads": [{"name": "main", "steps": [{"map": "pool", "task": "work", "count": )" + std::to_string(items) +
         chunksize + "}]}]}]}";
}

}  // namespace

TEST_CASE("mp_pool: map's default chunksize is Pool.map's, ceil(items / (4 workers)), and a given one wins") {
  CHECK(map_chunksize(ExecutorKind::mp_pool, 0, 2000, 2) == 250);
  CHECK(map_chunksize(ExecutorKind::mp_pool, 0, 10, 2) == 2);   // divmod(10, 8) = (1, 2): 1 + 1
  CHECK(map_chunksize(ExecutorKind::mp_pool, 0, 7, 2) == 1);    // (0, 7): 0 + 1
  CHECK(map_chunksize(ExecutorKind::mp_pool, 0, 16, 2) == 2);   // (2, 0): 2
  CHECK(map_chunksize(ExecutorKind::mp_pool, 5, 2000, 2) == 5);
  CHECK(map_chunksize(ExecutorKind::process, 0, 2000, 2) == 1);  // ProcessPoolExecutor.map: 1
  CHECK(map_chunksize(ExecutorKind::process, 5, 2000, 2) == 5);
  CHECK(map_chunksize(ExecutorKind::thread, 5, 2000, 2) == 1);   // a thread pool ignores it
}

TEST_CASE("mp_pool: the task handler sends every call at once, where a ProcessPoolExecutor's feeder keeps max_workers + 1 in flight") {
  for (ExecutorKind kind : {ExecutorKind::mp_pool, ExecutorKind::process}) {
    Executor ex(kind, 1);
    CHECK(ex.submit(1, PoolCall{0, 1, 1, 0}).launch);  // every worker at the first use
    for (int i = 0; i < 4; ++i) ex.submit(1, PoolCall{0, 1, 1, 0});
    PoolCall call;
    int sent = 0;
    while (ex.take(PoolRole::feeder, 2, call) == Executor::Take::got) ++sent;
    CHECK(sent == (kind == ExecutorKind::mp_pool ? 5 : 2));
  }
}

TEST_CASE("mp_pool run: 10 calls of 10 ms on 2 workers go in 5 chunks of 2 and take 60 ms") {
  // chunksize ceil(10 / 8) = 2: pool-1 and pool-2 run chunks 1 and 2 over
  // 0..20, chunks 3 and 4 over 20..40, and pool-1 chunk 5 over 40..60.
  CHECK(makespan(mapping("mp_pool", 10)) == 60 * ms);
  // ProcessPoolExecutor.map sends one item a call: 5 rounds of 10 ms.
  CHECK(makespan(mapping("process", 10)) == 50 * ms);
  // With chunksize 5 both send 2 calls of 50 ms, one per worker.
  CHECK(makespan(mapping("mp_pool", 10, R"(, "chunksize": 5)")) == 50 * ms);
  CHECK(makespan(mapping("process", 10, R"(, "chunksize": 5)")) == 50 * ms);
}

TEST_CASE("mp_pool: its threads in the owner are the result handler and the task handler") {
  Scenario scenario = load_scenario_text(mapping("mp_pool", 4), "s.json");
  const ProcessSpec& app = scenario.processes[0];
  CHECK(app.threads[1].name == "pool-result_handler");
  CHECK(app.threads[2].name == "pool-task_handler");
  CHECK(pool_sync_names(app.executors[0]) ==
        std::vector<std::string>{"pool.taskqueue", "pool.results", "pool.inqueue", "pool.outqueue"});
  CHECK(scenario.processes[1].name == "pool");  // its worker processes pool-1, pool-2
}

}  // namespace gilsim

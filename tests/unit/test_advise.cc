// gilsim advise's plan (advise/options.h) alone: which options a scenario
// gets, with which JSON changes, and the worker counts weighed.
#include <doctest/doctest.h>

#include "advise/options.h"
#include "model_fixture.h"

namespace gilsim {

TEST_CASE("advise: worker counts are the powers of two up to twice the cores, and the cores") {
  CHECK(advise_worker_counts(1) == std::vector<std::uint32_t>{1, 2});
  CHECK(advise_worker_counts(2) == std::vector<std::uint32_t>{1, 2, 4});
  CHECK(advise_worker_counts(3) == std::vector<std::uint32_t>{1, 2, 3, 4, 6});
  CHECK(advise_worker_counts(4) == std::vector<std::uint32_t>{1, 2, 4, 8});
  CHECK(advise_worker_counts(6) == std::vector<std::uint32_t>{1, 2, 4, 6, 8, 12});
}

TEST_CASE("advise: a scenario without a pool is weighed as written and free-threaded") {
  using namespace testing;
  Scenario s = scenario(2, {process("app", true, {thread("a", {compute(kMillisecond)})})});
  AdvisePlan plan = plan_advice(s, 2);
  CHECK(plan.pool.empty());
  REQUIRE(plan.options.size() == 3);
  CHECK(plan.options[0].sets.empty());
  CHECK(plan.options[1].label() == "threads, 3.13t");
  REQUIRE(plan.options[1].sets.size() == 2);
  CHECK(plan.options[1].sets[0].pointer == "/gil/model");
  CHECK(plan.options[1].sets[0].values == std::vector<std::string>{"none"});
  CHECK(plan.options[1].sets[1].values == std::vector<std::string>{"1.4"});
  CHECK(plan.options[2].sets[1].values == std::vector<std::string>{"1.08"});
  CHECK(plan.sequential.sets.empty());
}

TEST_CASE("advise: a pool is weighed as 7 runtimes at each worker count, by its executor's JSON pointer") {
  using namespace testing;
  Scenario s = scenario(4, {process("front", true, {thread("main", {})}),
                            process("app", true, {thread("main", {})})});
  ExecutorSpec pool;
  pool.name = "a/b~c";  // escaped in the pointer as RFC 6901 says
  s.processes[1].executors.push_back(pool);
  AdvisePlan plan = plan_advice(s, 4);
  CHECK(plan.pool == "app/a/b~c");
  CHECK(plan.options.size() == 7 * 4);
  CHECK(plan.sequential.label() == "threads, 1 worker");
  const AdviseOption& spawn = plan.options[7 * 2 + 5];  // 4 workers, the third start method
  CHECK(spawn.label() == "processes (spawn), 4 workers");
  REQUIRE(spawn.sets.size() == 3);
  CHECK(spawn.sets[0].pointer == "/processes/1/executors/a~1b~0c/kind");
  CHECK(spawn.sets[0].values == std::vector<std::string>{"process"});
  CHECK(spawn.sets[1].values == std::vector<std::string>{"4"});
  CHECK(spawn.sets[2].pointer == "/processes/1/executors/a~1b~0c/start_method");
  CHECK(spawn.sets[2].values == std::vector<std::string>{"spawn"});
  CHECK(plan.options[7 * 3 + 6].label() == "mp.Pool (fork), 8 workers");
  CHECK(plan.options[7 * 3 + 2].label() == "threads, 3.14t, 8 workers");
}

}  // namespace gilsim

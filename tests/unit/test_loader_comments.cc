#include <doctest/doctest.h>

#include <string>

#include "loader_fixture.h"

using gilsim::InputError;
using gilsim::Scenario;
using gilsim::test::load;

TEST_CASE("loader: keys that begin with // are comments at every level, $schema at the top only") {
  const Scenario s = load(R"({"$schema": "./s.schema.json", "//": "why", "name": "c", "// cores": "one",
    "scheduler": {"policy": "fifo", "//": "x"}, "gil": {"//": "x"}, "costs": {"//": "x"},
    "devices": {"//": "x", "disk": {"channels": 2, "//": "y"}},
    "processes": [{"name": "app", "//": "x", "semaphores": {"//": "x", "S": 2}, "queues": {"//": "x", "Q": {"maxsize": 1}},
      "threads": [{"name": "main", "//": "x", "steps": [{"compute": "1ms", "//": "1 ms of Python"},
                                                        {"io": "1ms", "device": "disk", "//": "x"}]}]}]})");
  CHECK(s.name == "c");
  REQUIRE(s.processes.size() == 1);
  CHECK(s.processes[0].threads[0].steps.size() == 2);
  CHECK(s.devices.size() == 1);
  const std::string steps_of_main = R"({"name": "t", "processes": [{"name": "app", "threads": [{"name": "main", "steps": [)";
  CHECK_THROWS_WITH_AS(load(steps_of_main + R"({"compute": "1ms", "$schema": "x"}]}]}]})"),
                       R"(s.json: /processes/0/threads/0/steps/0: unknown key "$schema" in a compute step (valid keys: compute, gil))",
                       InputError);
  CHECK_THROWS_WITH_AS(load(steps_of_main + R"({"/": "not a comment", "compute": "1ms"}]}]}]})"),
                       doctest::Contains(R"(unknown key "/" in a compute step)"), InputError);
  // A comment is not a step, and a step of comments only has no kind.
  CHECK_THROWS_WITH_AS(load(steps_of_main + R"({"//": "only a comment"}]}]}]})"),
                       doctest::Contains("step has no kind"), InputError);
}

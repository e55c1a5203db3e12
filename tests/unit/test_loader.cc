#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "loader_fixture.h"
#include "model/cpu/scheduler.h"
#include "scenario/loader.h"

using gilsim::InputError;
using gilsim::Scenario;
using gilsim::StepKind;
using gilsim::TextPart;
using gilsim::test::app;
using gilsim::test::load;
using gilsim::test::main_steps;

namespace {

const char* const kExample = R"({
  "name": "two CPU-bound threads",
  "description": "free text",
  "cores": 2,
  "scheduler": {"policy": "round_robin", "quantum": "10ms"},
  "gil": {"switch_interval": "5ms"},
  "processes": [
    {"name": "app", "gil": true, "threads": [
      {"name": "main", "steps": [{"start": "worker"}, {"join": "worker"}, {"print": "done at {time}"}]},
      {"name": "worker", "count": 2, "steps": [
        {"repeat": 3, "var": "i", "steps": [{"compute": "20ms"}, {"io": "5ms"}, {"print": "{thread} round {i}"}]}
      ]}
    ]}
  ]
})";

}  // namespace

TEST_CASE("loader: the example loads into the exact structs") {
  Scenario s = load(kExample);
  CHECK(s.name == "two CPU-bound threads");
  CHECK(s.description == "free text");
  CHECK(s.cores == 2);
  CHECK(s.scheduler.policy == gilsim::SchedulerPolicy::round_robin);
  CHECK(s.scheduler.quantum == 10 * gilsim::kMillisecond);
  CHECK(s.gil.switch_interval == 5 * gilsim::kMillisecond);
  REQUIRE(s.processes.size() == 1);
  const gilsim::ProcessSpec& app = s.processes[0];
  CHECK(app.name == "app");
  CHECK(app.gil);
  CHECK(!app.count);
  REQUIRE(app.threads.size() == 2);

  const gilsim::ThreadSpec& main = app.threads[0];
  CHECK(main.name == "main");
  CHECK(!main.count);
  CHECK(!main.started_by_step);
  REQUIRE(main.steps.size() == 3);
  CHECK(main.steps[0].kind == StepKind::start);
  CHECK(main.steps[0].target.thread == 1);
  CHECK(!main.steps[0].target.copy);
  CHECK(main.steps[1].kind == StepKind::join);
  CHECK(main.steps[1].target.thread == 1);
  CHECK(main.steps[2].kind == StepKind::print);
  REQUIRE(main.steps[2].text.size() == 2);
  CHECK(main.steps[2].text[0].kind == TextPart::Kind::literal);
  CHECK(main.steps[2].text[0].text == "done at ");
  CHECK(main.steps[2].text[1].kind == TextPart::Kind::time);

  const gilsim::ThreadSpec& worker = app.threads[1];
  CHECK(worker.name == "worker");
  CHECK(worker.count == 2u);
  CHECK(worker.started_by_step);
  REQUIRE(worker.steps.size() == 1);
  const gilsim::Step& loop = worker.steps[0];
  CHECK(loop.kind == StepKind::repeat);
  CHECK(loop.count == 3);
  CHECK(loop.var == "i");
  CHECK(loop.from == 0);
  CHECK(loop.step == 1);
  REQUIRE(loop.body.size() == 3);
  CHECK(loop.body[0].kind == StepKind::compute);
  CHECK(loop.body[0].duration == 20 * gilsim::kMillisecond);
  CHECK(loop.body[0].holds_gil);
  CHECK(loop.body[1].kind == StepKind::io);
  CHECK(loop.body[1].duration == 5 * gilsim::kMillisecond);
  const std::vector<TextPart>& text = loop.body[2].text;
  REQUIRE(text.size() == 3);
  CHECK(text[0].kind == TextPart::Kind::thread);
  CHECK(text[1].kind == TextPart::Kind::literal);
  CHECK(text[1].text == " round ");
  CHECK(text[2].kind == TextPart::Kind::loop_var);
  CHECK(text[2].text == "i");
}

TEST_CASE("loader: defaults") {
  Scenario s = load(R"({"name": "t", "processes": [{"name": "p", "threads": [{"name": "main"}]}]})");
  CHECK(s.description.empty());
  CHECK(s.cores == 1);
  CHECK(s.scheduler.quantum == 10 * gilsim::kMillisecond);
  CHECK(s.gil.switch_interval == 5 * gilsim::kMillisecond);
  CHECK(s.processes[0].gil);
  CHECK(!s.processes[0].count);
  CHECK(s.processes[0].threads[0].steps.empty());
  CHECK(!s.processes[0].threads[0].started_by_step);
}

TEST_CASE("loader: step details") {
  Scenario s = load(app(R"({"name": "main", "steps": [
      {"compute": "1.5ms", "gil": false}, {"sleep": "0ns"},
      {"start": "worker-2"}, {"start": "worker-1"}, {"join": "worker-2"}, {"start": "solo"},
      {"print": "{{literal}} {process}/{active_count}}}"},
      {"repeat": 0, "var": "k", "from": -5, "step": 3, "steps": [{"print": "{k}"}]}]},
    {"name": "worker", "count": 2}, {"name": "solo"}, {"name": "free"})"));
  const std::vector<gilsim::ThreadSpec>& threads = s.processes[0].threads;
  const std::vector<gilsim::Step>& steps = threads[0].steps;
  CHECK(steps[0].duration == 1'500'000);
  CHECK(!steps[0].holds_gil);
  CHECK(steps[1].kind == StepKind::sleep);
  CHECK(steps[1].duration == 0);
  CHECK(steps[2].target.thread == 1);
  CHECK(steps[2].target.copy == 1u);
  CHECK(steps[3].target.copy == 0u);
  CHECK(steps[4].target.copy == 1u);
  CHECK(steps[5].target.thread == 2);
  CHECK(!steps[5].target.copy);
  const std::vector<TextPart>& text = steps[6].text;
  REQUIRE(text.size() == 5);
  CHECK(text[0].text == "{literal} ");
  CHECK(text[1].kind == TextPart::Kind::process);
  CHECK(text[2].text == "/");
  CHECK(text[3].kind == TextPart::Kind::active_count);
  CHECK(text[4].text == "}");
  CHECK(steps[7].count == 0);
  CHECK(steps[7].from == -5);
  CHECK(steps[7].step == 3);
  CHECK(threads[1].started_by_step);
  CHECK(threads[2].started_by_step);
  CHECK(!threads[3].started_by_step);  // named by no start step: starts at time 0
}

TEST_CASE("loader: starts may chain, and process copies each start their own threads") {
  Scenario s = load(R"({"name": "t", "processes": [{"name": "p", "count": 3, "threads": [
      {"name": "main", "steps": [{"start": "a"}]},
      {"name": "b", "steps": [{"join": "main"}]},
      {"name": "a", "steps": [{"repeat": 1, "steps": [{"start": "b"}]}]}]}]})");
  CHECK(s.processes[0].count == 3u);
  CHECK(s.processes[0].threads[1].started_by_step);
  CHECK(s.processes[0].threads[2].started_by_step);
}

TEST_CASE("loader: joins that form a cycle load (the deadlock is the simulator's to report)") {
  CHECK_NOTHROW(load(app(R"({"name": "main", "steps": [{"join": "b"}]}, {"name": "b", "steps": [{"join": "main"}]})")));
}

TEST_CASE("loader: files") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "gilsim-test-loader";
  fs::create_directories(dir);
  fs::path file = dir / "ok.json";
  std::ofstream(file) << kExample;
  CHECK(gilsim::load_scenario_file(file.string()).name == "two CPU-bound threads");
  fs::path missing = dir / "missing.json";
  CHECK_THROWS_WITH_AS(gilsim::load_scenario_file(missing.string()),
                       (missing.string() + ": cannot read: No such file or directory").c_str(), InputError);
  CHECK_THROWS_WITH_AS(gilsim::load_scenario_file(dir.string()), (dir.string() + ": cannot read: Is a directory").c_str(),
                       InputError);
  fs::remove_all(dir);
}

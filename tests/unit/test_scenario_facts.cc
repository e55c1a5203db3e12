// Facts about a scenario that more than one part of gilsim needs (how many
// copies, which processes have a GIL, how long a compiled script is) are
// answered per spec, without building a run; these tests hold those answers
// to what the run itself builds, on every shipped scenario.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "model/program.h"
#include "model/roster.h"
#include "scenario/loader.h"
#include "scenario/size.h"

namespace gilsim {
namespace {

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(GILSIM_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("the per-spec copy counts are the Roster's expansion, on every shipped scenario") {
  std::vector<std::string> files = shipped_scenarios();
  REQUIRE(files.size() >= 40);
  for (const std::string& file : files) {
    CAPTURE(file);
    Scenario scenario = load_scenario_file(file);
    Roster roster(scenario);
    Headcount count = headcount(scenario);
    CHECK(count.processes == roster.processes().size());
    CHECK(count.threads == roster.threads().size());
    CHECK(count.with_gil == static_cast<std::uint64_t>(std::count_if(roster.processes().begin(), roster.processes().end(),
                                                                     [](const ProcessInfo& p) { return p.gil; })));
    for (const ProcessInfo& process : roster.processes()) {
      const ProcessSpec& spec = scenario.processes[process.spec];
      CHECK(process.thread_count == threads_per_copy(spec));
      std::vector<std::uint32_t> counts = thread_counts(spec);
      REQUIRE(counts.size() == spec.threads.size());
      // The process's threads are each spec's copies in turn, as many as counts says.
      ThreadIndex t = process.first_thread;
      for (std::uint32_t ts = 0; ts < counts.size(); ++ts)
        for (std::uint32_t copy = 0; copy < counts[ts]; ++copy, ++t) {
          CHECK(roster.threads()[t].spec == ts);
          CHECK(roster.threads()[t].copy == copy);
        }
      CHECK(t == process.first_thread + process.thread_count);
    }
  }
}

TEST_CASE("a process has a GIL when it asks for one and the model has one") {
  ProcessSpec with, without;
  without.gil = false;
  GilSpec gil;
  for (GilModel model : {GilModel::cpython3, GilModel::cpython2}) {
    gil.model = model;
    CHECK(has_gil(with, gil));
    CHECK_FALSE(has_gil(without, gil));
  }
  gil.model = GilModel::none;
  CHECK_FALSE(has_gil(with, gil));
  CHECK_FALSE(has_gil(without, gil));
}

TEST_CASE("compile_process_scripts stretches Python compute exactly when the process has no GIL") {
  Scenario scenario;
  scenario.gil.single_thread_overhead = 1'500'000;
  ThreadSpec thread;
  thread.steps = {Step{.kind = StepKind::compute, .duration = 10 * kMillisecond}};
  ProcessSpec process;
  process.threads = {thread};
  scenario.processes = {process, process};
  scenario.processes[1].gil = false;
  for (GilModel model : {GilModel::cpython3, GilModel::cpython2, GilModel::none}) {
    scenario.gil.model = model;
    for (std::uint32_t p = 0; p < 2; ++p) {
      CAPTURE(p);
      std::vector<Script> scripts = compile_process_scripts(scenario, p).threads;
      REQUIRE(scripts.size() == 1);
      REQUIRE(scripts[0].code.size() == 1);
      Time expected = has_gil(scenario.processes[p], scenario.gil) ? 10 * kMillisecond : 15 * kMillisecond;
      CHECK(scripts[0].code[0].duration == expected);
    }
  }
}

// What the size check counts for each thread spec equals what the run compiles.
void check_script_sizes(const Scenario& scenario) {
  std::uint64_t script_steps = 0;
  for (std::uint32_t p = 0; p < scenario.processes.size(); ++p) {
    const ProcessSpec& process = scenario.processes[p];
    ProcessScripts scripts = compile_process_scripts(scenario, p);
    ProcessScriptSizes sizes = process_script_sizes(scenario, p);
    REQUIRE(scripts.threads.size() == process.threads.size());
    REQUIRE(sizes.threads.size() == process.threads.size());
    for (std::uint32_t t = 0; t < process.threads.size(); ++t) {
      CAPTURE(process.name);
      CAPTURE(process.threads[t].name);
      CHECK(sizes.threads[t].instructions == scripts.threads[t].code.size());
      CHECK(sizes.threads[t].loop_slots == scripts.threads[t].loop_slots);
      std::uint64_t running = std::uint64_t{copy_count(process)} * copy_count(process.threads[t]);
      script_steps += scripts.threads[t].code.size() + running * scripts.threads[t].loop_slots;
    }
    CHECK(sizes.main.has_value() == scripts.main.has_value());
    CHECK(sizes.first_main.has_value() == scripts.first_main.has_value());
    if (scripts.main && sizes.main) {
      CHECK(sizes.main->instructions == scripts.main->code.size());
      script_steps += scripts.main->code.size();
    }
    if (scripts.first_main && sizes.first_main) {
      CHECK(sizes.first_main->instructions == scripts.first_main->code.size());
      script_steps += scripts.first_main->code.size();
    }
  }
  CHECK(measure_scenario(scenario).script_steps == script_steps);
}

TEST_CASE("a script's counted length is its compiled length, on every shipped scenario") {
  std::vector<std::string> files = shipped_scenarios();
  REQUIRE(files.size() >= 40);
  for (const std::string& file : files) {
    CAPTURE(file);
    check_script_sizes(load_scenario_file(file));
  }
}

TEST_CASE("a script's counted length is its compiled length, for every kind of step") {
  // With what the shipped scenarios leave out: acquire, release, clear, a
  // timed wait, spawn and wait of one copy and of all copies (with a
  // start_cost), loops inside loops, loop counters of counted threads of
  // counted processes.
  Scenario scenario = load_scenario_text(R"({"name": "every step", "devices": {"disk": {}}, "processes": [
    {"name": "app", "locks": ["L"], "events": ["E"], "queues": {"Q": {}}, "threads": [
      {"name": "main", "steps": [
        {"start": "worker"}, {"start": "one"}, {"compute": "1ms"}, {"compute": "1ms", "gil": false},
        {"sleep": "1ms"}, {"io": "1ms"}, {"io": "1ms", "device": "disk"},
        {"acquire": "L"}, {"release": "L"}, {"with": "L", "steps": [{"set": "E"}, {"clear": "E"}]},
        {"wait": "E", "timeout": "1ms"}, {"put": "Q", "work": "2ms"}, {"get": "Q"},
        {"repeat_until_empty": "Q", "steps": [{"compute": "$work"}]},
        {"repeat": 3, "var": "i", "steps": [{"repeat": 2, "steps": [{"print": "{i} at {time}"}]}]},
        {"spawn": "helper"}, {"spawn": "single-1"}, {"spawn": "single-2"}, {"wait": "helper"}, {"wait": "single-1"},
        {"join": "worker"}, {"join": "one"}]},
      {"name": "worker", "count": 4, "steps": [{"repeat": 2, "steps": [{"compute": "1ms"}]}]},
      {"name": "one", "steps": [{"join": "worker-2"}]}]},
    {"name": "helper", "count": 3, "start_cost": "5ms", "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]},
    {"name": "single", "count": 2, "threads": [{"name": "main", "count": 3, "steps": [
      {"repeat": 2, "steps": [{"compute": "1ms"}]}]}]}]})",
                                         "every.json");
  check_script_sizes(scenario);
  // Start (with costs.thread_start: 2 each) and join of worker's 4 copies and
  // of "one" (no count: all of its one copy), spawn (with its start_cost: 2
  // each) and wait of helper's 3.
  ScriptSize main = process_script_sizes(scenario, 0).threads[0];
  CHECK(main.all_copies == 4 * 2 + 1 * 2 + 4 + 1 + 3 * 2 + 3);
  CHECK(main.loop_slots == 2);
}

TEST_CASE("headcount counts copies in 64 bits, without expanding them") {
  Scenario scenario;
  ProcessSpec process;
  process.count = 1'000'000;
  ThreadSpec thread;
  thread.count = 1'000'000;
  process.threads.assign(3, thread);
  scenario.processes.assign(6, process);
  CHECK(threads_per_copy(process) == 3'000'000);
  CHECK(headcount(scenario).threads == 18'000'000'000'000ull);
  CHECK(headcount(scenario).processes == 6'000'000);
}

}  // namespace
}  // namespace gilsim

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
      std::vector<Script> scripts = compile_process_scripts(scenario, p);
      REQUIRE(scripts.size() == 1);
      REQUIRE(scripts[0].code.size() == 1);
      Time expected = has_gil(scenario.processes[p], scenario.gil) ? 10 * kMillisecond : 15 * kMillisecond;
      CHECK(scripts[0].code[0].duration == expected);
    }
  }
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

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../trace_check.h"
#include "feed.h"
#include "model/simulation.h"
#include "model_fixture.h"
#include "report/chrome_trace.h"
#include "report/recorder.h"
#include "scenario/loader.h"

namespace gilsim {
namespace {

using S = ThreadState;
constexpr Time ms = kMillisecond;

std::string trace_of(const Roster& roster, const RunResult& result) {
  std::ostringstream out;
  write_chrome_trace(out, roster, result);
  return out.str();
}

RunResult simulate(const Roster& roster) {
  Recorder recorder(roster);
  Simulation(roster, recorder).run();
  return recorder.take();
}

std::vector<nlohmann::json> events_where(const std::string& text, const std::string& key, const std::string& value) {
  std::vector<nlohmann::json> found;
  const nlohmann::json trace = nlohmann::json::parse(text);
  for (const nlohmann::json& e : trace["traceEvents"])
    if (e.contains(key) && e[key] == value) found.push_back(e);
  return found;
}

// Two threads of one process on two cores: main holds the GIL for 5 ms while
// the worker waits, then the worker takes it after a forced drop.
struct GilPair {
  GilPair() : scenario(testing::scenario(2, {testing::process("app", true, {testing::thread("main", {}),
                                                                             testing::thread("worker", {})})})),
              roster(scenario) {
    testing::Fed<Recorder> rec(roster);
    rec.on_thread_state(0, 0, S::running, 0);
    rec.on_gil_acquire(0, 0, 0, false);
    rec.on_thread_state(0, 1, S::gil_wait, 0);
    rec.on_gil_drop_request(0, 0, 1);
    rec.on_print(1 * ms, 0, "hello \"</script>\"");
    rec.on_gil_release(5 * ms, 0, 0);
    rec.on_thread_state(5 * ms, 0, S::gil_wait, 0);
    rec.on_gil_acquire(5 * ms, 0, 1, true);
    rec.on_thread_state(5 * ms, 1, S::running, 1);
    rec.on_thread_state(10 * ms, 1, S::finished, 0);
    rec.on_gil_release(10 * ms, 0, 1);
    rec.on_gil_acquire(10 * ms, 0, 0, false);
    rec.on_thread_state(10 * ms, 0, S::running, 0);
    rec.on_thread_state(12 * ms, 0, S::finished, 0);
    rec.on_gil_release(12 * ms, 0, 0);
    rec.on_end(12 * ms);
    result = rec.take();
  }
  Scenario scenario;
  Roster roster;
  RunResult result;
};

TEST_CASE("chrome trace: times are exact decimal microseconds") {
  CHECK(trace_micros(0) == "0.000");
  CHECK(trace_micros(1) == "0.001");
  CHECK(trace_micros(999) == "0.999");
  CHECK(trace_micros(1000) == "1.000");
  CHECK(trace_micros(1500) == "1.500");
  CHECK(trace_micros(123'456'789) == "123456.789");
  CHECK(trace_micros(kTimeMax) == "9223372036854775.807");
  CHECK(trace_micros(-1500) == "-1.500");
}

TEST_CASE("chrome trace: every shipped scenario passes the trace checks") {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(GILSIM_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  for (const std::string& file : files) {
    CAPTURE(file);
    Scenario sc = load_scenario_file(file);
    Roster roster(sc);
    RunResult result = simulate(roster);
    std::vector<std::string> problems = testing::check_chrome_trace(trace_of(roster, result), testing::trace_facts(roster, result));
    for (const std::string& problem : problems) MESSAGE(problem);
    CHECK(problems == std::vector<std::string>{});
  }
}

TEST_CASE("chrome trace: a busy run with copies, two processes and native code passes the trace checks") {
  using namespace gilsim::testing;
  ThreadSpec worker = thread("w", {repeat(40, {compute(1300), io(700), sleep_for(333)})});
  worker.count = 9;
  Scenario sc = scenario(3, {process("a", true, {worker}),
                             process("b", false, {thread("n", {repeat(50, {compute(500, false), compute(250)})})})});
  sc.processes[0].count = 2;
  Roster roster(sc);
  RunResult result = simulate(roster);
  REQUIRE(result.processes[0].gil_handoffs > 10);
  CHECK(check_chrome_trace(trace_of(roster, result), trace_facts(roster, result)) == std::vector<std::string>{});
}

TEST_CASE("chrome trace: on a machine with thousands of cores only the cores that ran are named") {
  using namespace gilsim::testing;
  ThreadSpec worker = thread("w", {compute(1'000)});
  worker.count = 3;
  Scenario sc = scenario(5000, {process("app", false, {worker})});
  Roster roster(sc);
  RunResult result = simulate(roster);
  const std::string text = trace_of(roster, result);
  auto names = events_where(text, "name", "thread_name");
  CHECK(std::count_if(names.begin(), names.end(), [](const nlohmann::json& e) { return e["pid"] == 2; }) == 3);
  CHECK(check_chrome_trace(text, trace_facts(roster, result)) == std::vector<std::string>{});
  sc.cores = 1024;  // up to 1024 cores, idle ones are named too
  Roster all(sc);
  names = events_where(trace_of(all, simulate(all)), "name", "thread_name");
  CHECK(std::count_if(names.begin(), names.end(), [](const nlohmann::json& e) { return e["pid"] == 2; }) == 1024);
}

TEST_CASE("chrome trace: the checks catch what a viewer would trip on") {
  GilPair run;
  const std::string good = trace_of(run.roster, run.result);
  const testing::TraceFacts facts = testing::trace_facts(run.roster, run.result);
  REQUIRE(testing::check_chrome_trace(good, facts).empty());
  auto with = [&](const std::string& from, const std::string& to) {
    std::string bad = good;
    std::size_t at = bad.find(from);
    REQUIRE(at != std::string::npos);
    return testing::check_chrome_trace(bad.replace(at, from.size(), to), facts);
  };
  auto mentions = [](const std::vector<std::string>& problems, const std::string& word) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(word) != std::string::npos; });
  };
  // main's first slice (running, 0 to 5 ms) made 1 ns longer overlaps the next one.
  CHECK(mentions(with("\"ts\":0.000,\"dur\":5000.000,\"cname\"", "\"ts\":0.000,\"dur\":5000.001,\"cname\""), "overlap"));
  CHECK(mentions(with("\"ts\":0.000,\"dur\":5000.000,\"cname\"", "\"ts\":0.000,\"dur\":4999.000,\"cname\""), "gap"));
  CHECK(mentions(with("\"ts\":0.000,\"dur\":5000.000,\"cname\"", "\"ts\":0,\"dur\":5000.000,\"cname\""), "3-decimal"));
  CHECK(mentions(with("\"ph\":\"f\"", "\"ph\":\"s\""), "flow"));
  // An arrow's end 1 ns inside its slice binds only where viewers look for enclosing slices.
  CHECK(mentions(with("\"ph\":\"f\",\"name\":\"forced GIL hand-off\",\"cat\":\"gil\",\"pid\":1,\"tid\":5,\"ts\":5000.000",
                      "\"ph\":\"f\",\"name\":\"forced GIL hand-off\",\"cat\":\"gil\",\"pid\":1,\"tid\":5,\"ts\":5000.001"),
                 "start of a slice"));
  CHECK(mentions(with("\"cat\":\"__metadata\"", "\"cat\":\"meta\""), "__metadata"));
  CHECK(mentions(with("{\"ph\":\"M\",\"name\":\"thread_name\"", "{\"ph\":\"M\",\"name\":\"thread_nom\""), "without a name"));
  CHECK(testing::check_chrome_trace(good.substr(0, good.size() / 2), facts) == std::vector<std::string>{"not valid JSON"});
}

TEST_CASE("chrome trace: tracks, GIL holders and a forced hand-off arrow") {
  GilPair run;
  const std::string text = trace_of(run.roster, run.result);
  // One process (pid 1) and the CPU (pid 2); threads on tids 3 and 4, the GIL on 5, cores on 6 and 7.
  auto names = events_where(text, "ph", "M");
  CHECK(std::count_if(names.begin(), names.end(), [](const nlohmann::json& e) {
          return e["name"] == "thread_name" && e["pid"] == 2;
        }) == 2);
  auto gil = events_where(text, "cat", "gil");
  std::vector<nlohmann::json> holders, arrows;
  for (const auto& e : gil) (e["ph"] == "X" ? holders : arrows).push_back(e);
  REQUIRE(holders.size() == 3);
  CHECK(holders[0]["name"] == "app/main");
  CHECK(holders[1]["name"] == "app/worker");
  CHECK(holders[1]["args"]["forced"] == true);
  CHECK(holders[2]["args"]["forced"] == false);
  REQUIRE(arrows.size() == 4);  // main -> worker (forced), worker -> main
  CHECK(arrows[0]["ph"] == "s");
  CHECK(arrows[0]["name"] == "forced GIL hand-off");
  CHECK(arrows[0]["ts"].get<double>() == doctest::Approx(0.0));  // the start of main's slice
  CHECK(arrows[1]["ph"] == "f");
  CHECK(arrows[1]["ts"].get<double>() == doctest::Approx(5000.0));  // the start of the worker's
  CHECK(arrows[1]["bp"] == "e");
  CHECK(arrows[1]["id"] == arrows[0]["id"]);
  // Each end comes in the file right after the slice it binds to.
  const std::size_t worker_slice = text.find("\"name\":\"app/worker\",\"cat\":\"gil\"");
  const std::size_t arrow_end = text.find("\"ph\":\"f\",\"name\":\"forced GIL hand-off\"");
  CHECK(worker_slice < arrow_end);
  CHECK(text.find("\"ph\":\"X\"", worker_slice) > arrow_end);
  for (const auto& m : names) CHECK(m["cat"] == "__metadata");
  CHECK(arrows[2]["name"] == "GIL hand-off");
  auto cores = events_where(text, "cat", "core");
  REQUIRE(cores.size() == 3);
  CHECK(cores[0]["tid"] == 6);
  CHECK(cores[1]["tid"] == 6);
  CHECK(cores[2]["tid"] == 7);
  CHECK(cores[2]["name"] == "app/worker");
  auto prints = events_where(text, "cat", "print");
  REQUIRE(prints.size() == 1);
  CHECK(prints[0]["name"] == "hello \"</script>\"");
  CHECK(prints[0]["tid"] == 3);
  CHECK(prints[0]["ts"].get<double>() == doctest::Approx(1000.0));
  auto levels = events_where(text, "ph", "C");
  CHECK(levels.front()["name"] == "concurrency");
  CHECK(levels.back()["name"] == "parallelism");
  CHECK(levels.back()["args"]["threads on a core"] == 0);
}

TEST_CASE("chrome trace: a deadlock is a global instant, stuck slices on the blocked threads and arrows along the cycle") {
  // t1 takes A then B, t2 takes B then A; c only waits for t1.
  Scenario sc = load_scenario_text(R"({"name": "locks", "cores": 2, "start_together": true, "processes": [{"name": "app", "locks": ["A", "B"],
      "threads": [
        {"name": "t1", "steps": [{"acquire": "A"}, {"sleep": "1ms"}, {"acquire": "B"}]},
        {"name": "t2", "steps": [{"acquire": "B"}, {"sleep": "2ms"}, {"acquire": "A"}]},
        {"name": "c", "steps": [{"join": "t1"}]}]}]})",
                                   "s.json");
  sc.costs = CostSpec::none();
  Roster roster(sc);
  RunResult result = simulate(roster);
  REQUIRE(result.deadlock.size() == 1);
  const std::string text = trace_of(roster, result);
  CHECK(testing::check_chrome_trace(text, testing::trace_facts(roster, result)) == std::vector<std::string>{});
  auto deadlock = events_where(text, "cat", "deadlock");
  std::vector<nlohmann::json> instants, stuck, arrows;
  for (const auto& e : deadlock) (e["ph"] == "i" ? instants : e["ph"] == "X" ? stuck : arrows).push_back(e);
  REQUIRE(instants.size() == 1);
  CHECK(instants[0]["s"] == "g");
  CHECK(instants[0]["ts"].get<double>() == doctest::Approx(2000.0));
  REQUIRE(stuck.size() == 3);  // t1, t2 and c, from the deadlock on, an eighth of the run
  CHECK(stuck[0]["name"] == "stuck: lock_wait");
  CHECK(stuck[0]["args"]["on"] == "app/B");
  CHECK(stuck[0]["args"]["since_us"].get<double>() == doctest::Approx(1000.0));
  CHECK(stuck[0]["args"]["in_cycle"] == true);
  CHECK(stuck[0]["ts"].get<double>() == doctest::Approx(2000.0));
  CHECK(stuck[0]["dur"].get<double>() == doctest::Approx(250.0));
  CHECK(stuck[2]["name"] == "stuck: join");
  CHECK(stuck[2]["args"]["in_cycle"] == false);
  REQUIRE(arrows.size() == 4);  // t1 waits for t2, t2 for t1
  CHECK(arrows[0]["name"] == "waits for");
  CHECK(arrows[0]["tid"] == stuck[0]["tid"]);
  CHECK(arrows[1]["tid"] == stuck[1]["tid"]);
}

}  // namespace
}  // namespace gilsim

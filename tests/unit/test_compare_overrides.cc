#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario/loader.h"
#include "scenario/overrides.h"

namespace gilsim {
namespace {

// A scenario file in a fresh temporary folder, removed at the end of the test.
class TempScenario {
 public:
  TempScenario(const std::string& name, const std::string& text)
      : dir_(std::filesystem::temp_directory_path() / ("gilsim-test-overrides-" + name)) {
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "s.json").string();
    std::ofstream(path_) << text;
  }
  ~TempScenario() { std::filesystem::remove_all(dir_); }
  const std::string& path() const { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

const char* const kPool = R"({
  "name": "pool",
  "scheduler": {"quantum": "10ms"},
  "processes": [
    {"name": "app", "count": 2, "gil": true, "threads": [
      {"name": "worker", "count": 4, "steps": [{"compute": "100ms"}, {"io": "5ms"}]}
    ]}
  ]
})";

Scenario load_one(const ScenarioFile& file, const std::string& option, std::size_t value = 0) {
  std::vector<Sweep> sweeps = {parse_sweep(option)};
  return file.load(sweeps, {value});
}

std::string load_error(const ScenarioFile& file, const std::string& option) {
  try {
    Sweep sweep = parse_sweep(option);
    file.check(sweep);
    file.load({sweep}, {0});
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("--set paths: JSON pointers, dotted paths and short names") {
  Sweep dotted = parse_sweep("gil.switch_interval=1ms,5ms");
  CHECK(dotted.path == "gil.switch_interval");
  CHECK(dotted.pointer == "/gil/switch_interval");
  CHECK(dotted.values == std::vector<std::string>{"1ms", "5ms"});
  CHECK(dotted.option() == "--set gil.switch_interval=1ms,5ms");
  CHECK(parse_sweep("processes/0/count=1").pointer == "/processes/0/count");
  CHECK(parse_sweep("/processes/0/count=1").pointer == "/processes/0/count");
  CHECK(parse_sweep("quantum=1ms").pointer == "/scheduler/quantum");
  CHECK(parse_sweep("switch_interval=1ms").pointer == "/gil/switch_interval");
  CHECK(parse_sweep("a.b=x=y").values == std::vector<std::string>{"x=y"});
}

TEST_CASE("--set syntax errors name the option") {
  CHECK_THROWS_WITH_AS(parse_sweep("quantum"),
                       "--set quantum: expected PATH=VALUE,VALUE,... (e.g. --set gil.switch_interval=1ms,5ms or "
                       "--set processes/0/count=1,2,4)",
                       InputError);
  CHECK_THROWS_WITH_AS(parse_sweep("=1ms"),
                       "--set =1ms: empty path (e.g. --set gil.switch_interval=1ms,5ms or --set processes/0/count=1,2,4)",
                       InputError);
  CHECK_THROWS_WITH_AS(parse_sweep("quantum=1ms,"),
                       "--set quantum=1ms,: empty value (separate values with single commas; e.g. --set "
                       "gil.switch_interval=1ms,5ms or --set processes/0/count=1,2,4)",
                       InputError);
  CHECK_THROWS_WITH_AS(parse_sweep("gil..x=1"),
                       "--set gil..x=1: empty key in path \"gil..x\" (e.g. --set gil.switch_interval=1ms,5ms or --set "
                       "processes/0/count=1,2,4)",
                       InputError);
  CHECK_THROWS_WITH_AS(parse_sweep("cores=1,2"),
                       "--set cores=1,2: sweep the number of cores with --cores (e.g. --cores 1,2,4 or --cores 1-8)",
                       InputError);
}

TEST_CASE("--set replaces existing values by their type") {
  TempScenario file_on_disk("existing", kPool);
  ScenarioFile file(file_on_disk.path());
  CHECK(load_one(file, "processes/0/count=1,3", 1).processes[0].count == 3u);
  CHECK(load_one(file, "processes.0.threads.0.count=7").processes[0].threads[0].count == 7u);
  CHECK(load_one(file, "processes/0/gil=false").processes[0].gil == false);
  CHECK(load_one(file, "scheduler.quantum=2ms").scheduler.quantum == 2 * kMillisecond);
  CHECK(load_one(file, "processes/0/threads/0/steps/0/compute=30ms").processes[0].threads[0].steps[0].duration ==
        30 * kMillisecond);
  CHECK(load_one(file, "name=2024").name == "2024");  // a string stays a string
  // Several sweeps apply together.
  std::vector<Sweep> sweeps = {parse_sweep("quantum=1ms,3ms"), parse_sweep("processes/0/count=5,6")};
  Scenario both = file.load(sweeps, {1, 0});
  CHECK(both.scheduler.quantum == 3 * kMillisecond);
  CHECK(both.processes[0].count == 5u);
}

TEST_CASE("--set adds optional keys the file leaves out, so defaults can be swept") {
  TempScenario file_on_disk("absent", kPool);
  ScenarioFile file(file_on_disk.path());
  Scenario s = load_one(file, "gil.switch_interval=1ms");  // the file has no "gil" object
  CHECK(s.gil.switch_interval == 1 * kMillisecond);
  CHECK(s.gil.switch_interval != GilSpec{}.switch_interval);
  CHECK(load_one(file, "processes/0/threads/0/steps/0/gil=false").processes[0].threads[0].steps[0].holds_gil == false);
}

TEST_CASE("--set sweeps the scheduling settings, and a setting may depend on another swept one") {
  const char* text = R"({"name": "p", "processes": [{"name": "app", "threads": [{"name": "main"}]}]})";
  TempScenario file_on_disk("scheduling", text);
  ScenarioFile file(file_on_disk.path());
  CHECK(parse_sweep("policy=cfs").pointer == "/scheduler/policy");
  CHECK(parse_sweep("context_switch=5us").pointer == "/scheduler/context_switch");
  CHECK(load_one(file, "policy=fifo,cfs", 1).scheduler.policy == SchedulerPolicy::cfs);
  CHECK(load_one(file, "timer_slack=50us").timer_slack == 50 * kMicrosecond);
  CHECK(load_one(file, "processes/0/nice=-5").processes[0].os.nice == -5);
  CHECK(load_one(file, "processes/0/threads/0/priority=7").processes[0].threads[0].os.priority == 7);
  // A swept value is checked with the other sweeps at their first values: a
  // 500us latency is unused under round_robin but below an explicit 1ms
  // min_granularity, so it is an error only beside policy=cfs. (Beside the
  // default granularity it is fine: the default is capped at the latency.)
  std::vector<Sweep> sweeps = {parse_sweep("policy=cfs"), parse_sweep("scheduler.latency=3ms,24ms")};
  CHECK_NOTHROW(file.check(sweeps[1], sweeps));
  CHECK(file.load(sweeps, {0, 1}).scheduler.latency == 24 * kMillisecond);
  std::vector<Sweep> short_latency = {parse_sweep("policy=cfs"), parse_sweep("scheduler.min_granularity=1ms"),
                                      parse_sweep("scheduler.latency=500us")};
  CHECK_NOTHROW(file.check(short_latency[2]));
  CHECK_NOTHROW(file.check(short_latency[2], {short_latency[0], short_latency[2]}));
  CHECK_THROWS_AS(file.check(short_latency[2], short_latency), InputError);
}

TEST_CASE("--set errors name the file, the option, the path and what would be valid") {
  TempScenario file_on_disk("errors", kPool);
  ScenarioFile file(file_on_disk.path());
  const std::string& f = file_on_disk.path();
  CHECK(load_error(file, "processes/0/count=two") == f + ": --set processes/0/count=two: /processes/0/count is an integer (the file has 2), not \"two\"");
  CHECK(load_error(file, "processes/0/gil=yes") == f + ": --set processes/0/gil=yes: /processes/0/gil is true or false (the file has true), not \"yes\"");
  CHECK(load_error(file, "processes/0=1") == f + ": --set processes/0=1: /processes/0 is an object; --set changes one value: a number, a duration, true/false or "
        "a string");
  CHECK(load_error(file, "processes/2/count=1") == f + ": --set processes/2/count=1: /processes is an array of 1 (valid indices: 0), not \"2\"");
  CHECK(load_error(file, "processes/0/threads/0/steps/x/compute=1ms") == f + ": --set processes/0/threads/0/steps/x/compute=1ms: /processes/0/threads/0/steps is an array of 2 (valid "
        "indices: 0 to 1), not \"x\"");
  CHECK(load_error(file, "name/x=1") == f + ": --set name/x=1: /name holds \"pool\", which has no \"x\"");
  // The loader judges new keys and new values, and the message says which --set value it was.
  CHECK(load_error(file, "gil.switch_intreval=1ms") ==
        f + ": --set gil.switch_intreval=1ms: /gil: unknown key \"switch_intreval\" in the gil settings (did you mean \"switch_interval\"?; valid "
            "keys: model, switch_interval, handoff_latency, check_interval, wakeup_latency, signal_cost, "
            "single_thread_overhead)");
  CHECK(load_error(file, "sheduler.quantum=1ms") ==
        f + ": --set sheduler.quantum=1ms: /: unknown key \"sheduler\" in the scenario (did you mean \"scheduler\"?; valid keys: name, "
            "description, python, cores, timer_slack, costs, stdout, start_together, start_method, scheduler, gil, devices, mp_queues, mp_shared, processes)");
  CHECK(load_error(file, "quantum=5ms,fast") ==
        f + ": --set quantum=fast: /scheduler/quantum: invalid duration \"fast\" (expected a duration such as \"250ns\", \"50us\", "
            "\"1.5ms\" or \"2s\": digits with an optional .fraction, then a unit ns, us, ms, s, min or h)");
  CHECK(load_error(file, "processes/0/count=0") ==
        f + ": --set processes/0/count=0: /processes/0/count: expected an integer from 1 to 1000000, got 0");
}

TEST_CASE("without --set, a scenario file's mistakes read as they do for gilsim run") {
  TempScenario file_on_disk("plain", R"({"name": "x", "processes": [{"name": "app", "threads": [{"nme": "t"}]}]})");
  ScenarioFile file(file_on_disk.path());
  std::string expected;
  try {
    load_scenario_file(file_on_disk.path());
  } catch (const InputError& e) {
    expected = e.what();
  }
  CHECK(!expected.empty());
  CHECK_THROWS_WITH_AS(file.load({}, {}), expected.c_str(), InputError);
  CHECK_THROWS_WITH_AS(ScenarioFile("/nonexistent/s.json"), "/nonexistent/s.json: cannot read: No such file or directory",
                       InputError);
}

}  // namespace
}  // namespace gilsim

namespace gilsim {

TEST_CASE("--set sweeps the primitives' settings, present or left out") {
  TempScenario file("sync", R"({"name": "s", "devices": {"disk": {}}, "processes": [{"name": "app",
    "semaphores": {"pool": 2}, "queues": {"tasks": {}}, "events": ["go"], "threads": [
      {"name": "main", "steps": [{"wait": "go"}, {"io": "1ms", "device": "disk"}]}]}]})");
  ScenarioFile scenario(file.path());
  CHECK(load_one(scenario, "processes.0.semaphores.pool=1,4", 1).processes[0].syncs[0].value == 4);
  // Indices by kind, then declaration: pool 0, go 1, tasks 2.
  CHECK(load_one(scenario, "processes.0.queues.tasks.maxsize=3").processes[0].syncs[2].value == 3);
  CHECK(load_one(scenario, "devices.disk.channels=1,2", 1).devices[0].channels == 2);
  Scenario timed = load_one(scenario, "processes.0.threads.0.steps.0.timeout=5ms");
  CHECK(timed.processes[0].threads[0].steps[0].has_timeout);
  CHECK(timed.processes[0].threads[0].steps[0].duration == 5 * kMillisecond);
}

}  // namespace gilsim

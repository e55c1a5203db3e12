// Machine profiles: what a profile may hold and the messages for what it may
// not; how --machine fills a scenario in (the scenario's own values win,
// --set wins over both).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scenario/loader.h"
#include "scenario/machine_profile.h"
#include "scenario/overrides.h"

namespace gilsim {
namespace {

const char* const kProfile = R"({
  "gilsim_machine_profile": 1,
  "machine": {"cores": 2, "python": "cpython 3.11.7"},
  "timer_slack": "61us",
  "gil": {"handoff_latency": "18us"},
  "costs": {"thread_start": "45us", "process_start": "3.1ms", "wakeup": "30us"},
  "scheduler": {"context_switch": "2us"},
  "measurements": {"anything": [1, "goes", {"here": null}]}
})";

// A scenario that sets its own wake-up cost and switch interval, and nothing else the profile has.
const char* const kScenario = R"({
  "name": "two",
  "costs": {"wakeup": "1us"},
  "gil": {"switch_interval": "1ms"},
  "processes": [{"name": "app", "threads": [{"name": "main", "steps": [{"compute": "1ms"}]}]}]
})";

// Files in a folder of the test's own, removed at the end.
class Folder {
 public:
  explicit Folder(const std::string& test)
      : root_(std::filesystem::temp_directory_path() / ("gilsim-machine-" + test)) {
    std::filesystem::create_directories(root_);
  }
  ~Folder() { std::filesystem::remove_all(root_); }
  std::string file(const std::string& name, const std::string& text) const {
    std::string path = (root_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

 private:
  std::filesystem::path root_;
};

std::string profile_error(const std::string& text) {
  try {
    parse_machine_profile(text, "m.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("machine profile: the settings in the file's order, machine and measurements free-form") {
  MachineProfile p = parse_machine_profile(kProfile, "m.json");
  CHECK(p.file == "m.json");
  REQUIRE(p.settings.size() == 6);
  CHECK(p.settings[0].section == "");
  CHECK(p.settings[0].key == "timer_slack");
  CHECK(p.settings[0].value == "61us");
  CHECK(p.settings[1].section == "gil");
  CHECK(p.settings[1].key == "handoff_latency");
  CHECK(p.settings[4].key == "wakeup");
  CHECK(p.settings[5].section == "scheduler");
  CHECK(parse_machine_profile(R"({"gilsim_machine_profile": 1})", "m.json").settings.empty());
  CHECK(parse_machine_profile(R"({"gilsim_machine_profile": 1, "machine": 3, "measurements": "x"})", "m.json")
            .settings.empty());
  CHECK_FALSE(read_machine_option("").has_value());
}

TEST_CASE("machine profile: the profile fills in, the scenario's own values win") {
  Folder folder("fill");
  std::string scenario = folder.file("s.json", kScenario);
  MachineProfile profile = parse_machine_profile(kProfile, "m.json");
  Scenario s = ScenarioFile(scenario, profile).load({}, {});
  CHECK(s.timer_slack == 61 * kMicrosecond);
  CHECK(s.gil.handoff_latency == 18 * kMicrosecond);
  CHECK(s.gil.switch_interval == kMillisecond);  // the scenario's, untouched
  CHECK(s.costs.thread_start == 45 * kMicrosecond);
  CHECK(s.costs.process_start == 3100 * kMicrosecond);
  CHECK_FALSE(s.processes[0].start_cost);  // a process without its own start_cost pays costs.process_start
  CHECK(s.costs.wakeup == kMicrosecond);                    // the scenario's own
  CHECK(s.costs.print == 0);                                // set by neither
  CHECK(s.scheduler.context_switch == 2 * kMicrosecond);

  Scenario direct = load_scenario_with_machine(scenario, profile);  // as run and verify load it
  CHECK(direct.timer_slack == s.timer_slack);
  CHECK(direct.costs.wakeup == kMicrosecond);
  CHECK(direct.costs.process_start == 3100 * kMicrosecond);

  Scenario plain = load_scenario_with_machine(scenario, std::nullopt);
  CHECK(plain.timer_slack == 0);
  CHECK(plain.costs.thread_start == CostSpec{}.thread_start);  // the default
  CHECK(plain.costs.wakeup == kMicrosecond);
}

TEST_CASE("machine profile: --set wins over the profile and the scenario") {
  Folder folder("set");
  ScenarioFile file(folder.file("s.json", kScenario), parse_machine_profile(kProfile, "m.json"));
  Scenario s = file.load({parse_sweep("gil.handoff_latency=7us,9us"), parse_sweep("costs.wakeup=2us")}, {1, 0});
  CHECK(s.gil.handoff_latency == 9 * kMicrosecond);
  CHECK(s.costs.wakeup == 2 * kMicrosecond);
  CHECK(s.timer_slack == 61 * kMicrosecond);
}

TEST_CASE("machine profile: a scenario's own mistakes are reported as without a profile") {
  Folder folder("mistake");
  std::string scenario = folder.file("s.json", R"({"name": "x", "gil": 5, "processes": [
    {"name": "app", "threads": [{"name": "main"}]}]})");
  std::string message = "(no error)";
  try {
    ScenarioFile(scenario, parse_machine_profile(kProfile, "m.json")).load({}, {});
  } catch (const InputError& e) {
    message = e.what();
  }
  CHECK(message == scenario + ": /gil: expected an object (the gil settings), got 5");
}

TEST_CASE("machine profile: bad profiles, with the file, the place and what would be valid") {
  CHECK(profile_error("[1]") == "m.json: /: expected an object (a machine profile), got array");
  CHECK(
      profile_error(R"({"name": "a scenario"})") ==
      "m.json: /: missing key \"gilsim_machine_profile\" (a machine profile starts with \"gilsim_machine_profile\": 1; "
      "gilsim calibrate -o FILE writes one)");
  CHECK(
      profile_error(R"({"gilsim_machine_profile": 2})") ==
      "m.json: /gilsim_machine_profile: expected 1 (the only version of the profile format this gilsim reads), got 2");
  CHECK(profile_error(R"({"gilsim_machine_profile": "1"})") ==
        "m.json: /gilsim_machine_profile: expected 1 (the only version of the profile format this gilsim reads), got "
        "\"1\"");
  CHECK(profile_error(R"({"gilsim_machine_profile": 1, "timer_slak": "1us"})") ==
        "m.json: /: unknown key \"timer_slak\" in a machine profile (did you mean \"timer_slack\"?; valid keys: "
        "gilsim_machine_profile, machine, measurements, timer_slack, gil, costs, scheduler)");
  CHECK(profile_error(R"({"gilsim_machine_profile": 1, "gil": {"switch_interval": "1ms"}})") ==
        "m.json: /gil: unknown key \"switch_interval\" in the machine's gil settings (valid keys: handoff_latency, "
        "wakeup_latency, signal_cost)");
  CHECK(profile_error(R"({"gilsim_machine_profile": 1, "scheduler": {"policy": "fifo"}})") ==
        "m.json: /scheduler: unknown key \"policy\" in the machine's scheduler settings (valid keys: context_switch)");
  CHECK(profile_error(R"({"gilsim_machine_profile": 1, "costs": []})") ==
        "m.json: /costs: expected an object (the machine's costs settings), got array");
  CHECK(profile_error(R"({"gilsim_machine_profile": 1, "costs": {"wakeup": 30}})") ==
        "m.json: /costs/wakeup: expected a duration string, got the number 30 (write it in quotes with a unit, e.g. "
        "\"30ms\")");
  CHECK(profile_error(R"({"gilsim_machine_profile": 1, "timer_slack": "-5us"})").rfind("m.json: /timer_slack: ", 0) ==
        0);
  CHECK(profile_error(R"({"gilsim_machine_profile": 1,)").rfind("m.json:1:", 0) == 0);
  CHECK(profile_error(R"({"gilsim_machine_profile": 1, "gilsim_machine_profile": 1})") ==
        "m.json: /: duplicate key \"gilsim_machine_profile\" (a key may appear only once in an object)");
  CHECK_THROWS_WITH_AS(read_machine_profile("/nonexistent/m.json"),
                       "/nonexistent/m.json: cannot read: No such file or directory", InputError);
}

}  // namespace
}  // namespace gilsim

// From the calibration program's report to a machine profile: medians
// rounded, negatives clamped to 0 with a note, what could not be measured
// left out with a note, and the profile reads back as one.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "export/calibrate_program.h"
#include "export/machine_calibration.h"
#include "scenario/machine_profile.h"

namespace gilsim {
namespace {

// A real report: `python3 calibrate.py 10` on this project's machine.
nlohmann::json report() {
  std::ifstream file(std::string(GILSIM_SOURCE_DIR) + "/tests/export/calibrate_report.json");
  return nlohmann::json::parse(file);
}

const CalibratedSetting& find(const MachineCalibration& c, const std::string& path) {
  for (const CalibratedSetting& s : c.settings)
    if (s.path == path) return s;
  FAIL("no setting " << path);
  return c.settings.front();
}

bool has_note(const MachineCalibration& c, const std::string& start) {
  for (const std::string& note : c.notes)
    if (note.rfind(start, 0) == 0) return true;
  return false;
}

TEST_CASE("calibration: profile durations round to 0.1 us below 10 us, to 1 us above, never below 0") {
  CHECK(profile_duration(-5000) == 0);
  CHECK(profile_duration(0) == 0);
  CHECK(profile_duration(1149) == 1100);
  CHECK(profile_duration(1150) == 1200);
  CHECK(profile_duration(9949) == 9900);
  CHECK(profile_duration(15635) == 16 * kMicrosecond);
  CHECK(profile_duration(3'123'456) == 3'123 * kMicrosecond);
}

TEST_CASE("calibration: every setting is its measurement's median, and the profile reads back") {
  nlohmann::json r = report();
  MachineCalibration c = make_machine_profile(r.dump());
  CHECK(c.python == r["machine"]["python"].get<std::string>());
  REQUIRE(c.settings.size() == 14);
  const nlohmann::json& m = r["measurements"];
  const CalibratedSetting& wakeup = find(c, "costs.wakeup");
  CHECK(wakeup.source == "wakeup");
  CHECK(wakeup.median == m["wakeup"]["median_ns"].get<Time>());
  CHECK(wakeup.samples == m["wakeup"]["n"].get<std::int64_t>());
  CHECK(wakeup.value == profile_duration(wakeup.median));
  const CalibratedSetting& process = find(c, "costs.process_start_latency");
  CHECK(process.source == "process_start/fork/child_latency");
  CHECK(process.median == m["process_start"]["fork"]["child_latency"]["median_ns"].get<Time>());
  // The other start methods' figures are theirs: the child's wait until its first line is its boot.
  const CalibratedSetting& spawn = find(c, "costs.spawn_boot");
  CHECK(spawn.source == "process_start/spawn/child_latency");
  CHECK(spawn.median == m["process_start"]["spawn"]["child_latency"]["median_ns"].get<Time>());
  CHECK(find(c, "costs.forkserver_start").median == m["process_start"]["forkserver"]["parent"]["median_ns"].get<Time>());

  MachineProfile profile = parse_machine_profile(c.profile, "machine.json");
  REQUIRE(profile.settings.size() == 14);
  CHECK(find(c, "costs.first_thread_start").median == m["first_thread_start"]["median_ns"].get<Time>());
  CHECK(profile.settings[0].key == "timer_slack");
  CHECK(profile.settings[0].value == format_duration(find(c, "timer_slack").value));
  nlohmann::json written = nlohmann::json::parse(c.profile);
  CHECK(written["measurements"]["wakeup"] == m["wakeup"]);  // every figure kept
  CHECK(written["measurements"]["notes"].size() == c.notes.size());
  CHECK(has_note(c, "costs.process_start and process_start_latency are fork's"));
}

TEST_CASE("calibration: a negative median is 0 in the profile, with a note") {
  nlohmann::json r = report();
  r["measurements"]["thread_start_latency"]["median_ns"] = -3000;
  MachineCalibration c = make_machine_profile(r.dump());
  CHECK(find(c, "costs.thread_start_latency").value == 0);
  CHECK(has_note(c,
                 "costs.thread_start_latency: the median was -3us; a duration cannot be negative, so the "
                 "profile has 0"));
  CHECK(nlohmann::json::parse(c.profile)["costs"]["thread_start_latency"] == "0ns");
}

TEST_CASE("calibration: what could not be measured is left out, with the reason") {
  nlohmann::json r = report();
  r["measurements"]["handoff_latency"] = {{"error", "this interpreter runs without a GIL"}};
  MachineCalibration c = make_machine_profile(r.dump());
  CHECK(c.settings.size() == 13);
  CHECK(has_note(c,
                 "gil.handoff_latency is not in the profile: handoff_latency could not be measured (this "
                 "interpreter runs without a GIL)"));
  CHECK_FALSE(nlohmann::json::parse(c.profile).contains("gil"));
  r["measurements"]["process_start"]["fork"] = {{"error", "ValueError: no fork here"}};
  r["measurements"]["process_start"]["default_method"] = "fork";
  c = make_machine_profile(r.dump());
  CHECK(has_note(c,
                 "costs.process_start is not in the profile: process_start/fork could not be measured "
                 "(ValueError: no fork here)"));
  // An interpreter without the other start methods (Python 2.7): their costs are left out.
  r["measurements"]["process_start"].erase("spawn");
  c = make_machine_profile(r.dump());
  CHECK(has_note(c, "costs.spawn_boot is not in the profile: this interpreter has no spawn start method"));
}

TEST_CASE("calibration: reports that are not the program's are refused with what they lack") {
  CHECK_THROWS_WITH_AS(make_machine_profile(""), "it printed nothing on stdout", std::runtime_error);
  CHECK_THROWS_WITH_AS(make_machine_profile("{}"),
                       "its report lacks what gilsim's calibration program prints (gilsim_calibrate, machine, "
                       "measurements)",
                       std::runtime_error);
  nlohmann::json r = report();
  r["measurements"].erase("print");
  CHECK_THROWS_WITH_AS(make_machine_profile(r.dump()), "its report lacks measurements/print", std::runtime_error);
  r = report();
  r["measurements"]["print"]["median_ns"] = "fast";
  CHECK_THROWS_WITH_AS(make_machine_profile(r.dump()), "its report lacks an integer measurements/print/median_ns",
                       std::runtime_error);
}

TEST_CASE("calibration: the program is one Python file that runs its measurements as __main__") {
  std::string program = calibrate_program();
  CHECK(program.rfind("# gilsim calibrate:", 0) == 0);
  CHECK(program.find("def gil_handoff(") != std::string::npos);
  CHECK(program.find("def process_starts(") != std::string::npos);
  CHECK(program.find("if __name__ == \"__main__\":") != std::string::npos);
}

}  // namespace
}  // namespace gilsim

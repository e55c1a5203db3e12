#pragma once
// From what `gilsim calibrate`'s program measured (its JSON, read here at
// the edge) to a machine profile (scenario/machine_profile.h reads it back):
// each setting is the median of its samples, rounded, never negative; every
// figure measured goes under "measurements", with notes on what the settings
// leave out (docs/calibrate.md).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/time.h"

namespace gilsim {

struct CalibratedSetting {
  std::string path;    // as in a scenario: "timer_slack", "costs.wakeup"
  std::string source;  // the measurement it comes from: "wakeup", "process_start/fork/parent"
  Time median = 0, min = 0, max = 0;
  std::int64_t samples = 0;
  Time value = 0;  // what the profile says: the median rounded, at least 0
};

struct MachineCalibration {
  std::string python;      // "cpython 3.11.7"
  std::string executable;  // its sys.executable
  std::vector<CalibratedSetting> settings;
  std::vector<std::string> notes;  // also in the profile, under measurements
  std::string profile;             // the profile's JSON text, ending in a newline
};

// A setting's value: a median rounded to 0.1 us below 10 us and to 1 us
// above (the samples spread far more than that), and 0 for a negative one.
Time profile_duration(Time median);

// Throws std::runtime_error saying what the output lacks or could not be
// measured ("it could not measure process_start/fork: ...").
MachineCalibration make_machine_profile(std::string_view program_output);

// The settings as a table for people: "costs.wakeup  30us  (median 29.8us, 21us to 95us, 100 samples)".
std::string describe_calibration(const MachineCalibration& calibration);

}  // namespace gilsim

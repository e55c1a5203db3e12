#pragma once
// Machine profiles (`gilsim calibrate` writes them; docs/calibrate.md): what
// a machine charges that a scenario's steps do not spell out (timer slack,
// wake-ups, GIL hand-offs, thread and process starts, a print's write),
// measured there. `--machine FILE` fills these settings into a scenario
// wherever the scenario does not set them itself: the scenario's own values
// win, and `compare --set` wins over both (it edits the filled-in scenario).
//
// A profile is JSON: "gilsim_machine_profile": 1, the settings (top-level
// "timer_slack"; "gil", "costs" and "scheduler" objects holding only the
// keys that describe a machine, each a duration), and free-form "machine"
// and "measurements" for people to read.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gilsim {

// One setting of a profile, as a scenario would write it.
struct MachineSetting {
  std::string section;  // "" for the top level, else "gil", "costs" or "scheduler"
  std::string key;      // "timer_slack", "handoff_latency", ...
  std::string value;    // the duration as the profile writes it: "61us"
};

struct MachineProfile {
  std::string file;                      // for messages
  std::vector<MachineSetting> settings;  // in the file's order
};

// The sections and the keys each may hold ("" is the top level). Only the
// machine's costs: a switch interval or a scheduling policy is the program's
// choice and stays in the scenario.
const std::vector<std::pair<std::string, std::vector<std::string>>>& machine_setting_keys();

// Reads and checks a profile. InputError "FILE: /pointer: what is wrong (what
// would be valid)" for anything malformed, as for scenario files.
MachineProfile read_machine_profile(const std::string& path);
MachineProfile parse_machine_profile(std::string_view text, const std::string& label);

// `--machine FILE` as the commands take it: no profile when `path` is empty.
std::optional<MachineProfile> read_machine_option(const std::string& path);

}  // namespace gilsim

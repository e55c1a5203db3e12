#pragma once
// `--set PATH=V1,V2,...`: sweeping one value of a scenario file. The file is
// parsed once; each variant is that JSON with some values replaced, then loaded
// by the normal loader, so a swept value is checked exactly as if it had been
// written in the file. Every error names the --set option and the JSON path.
//
// PATH is a JSON pointer ("/gil/switch_interval", "processes/0/count"; the
// leading "/" is optional) or the same path with dots ("gil.switch_interval");
// "switch_interval" and "quantum" alone are short for gil.switch_interval and
// scheduler.quantum.
// A key that the file leaves out but the scenario format allows (e.g.
// "gil.switch_interval" when there is no "gil" object) is added, so defaults
// can be swept too. A value is read by the type of the value it replaces:
// durations stay strings, integers must be whole numbers (a decimal number may
// replace a decimal number), booleans true/false; an absent key takes what the
// text looks like (true/false, an integer, a decimal number, or a string) and
// the loader judges it.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.h"
#include "scenario/loader.h"
#include "scenario/machine_profile.h"
#include "scenario/size.h"

namespace gilsim {

// One --set option.
struct Sweep {
  std::string path;                 // as written: "gil.switch_interval", for headers
  std::string pointer;              // "/gil/switch_interval"
  std::vector<std::string> values;  // as written: "1ms", "5ms"
  std::string option() const;       // "--set gil.switch_interval=1ms,5ms", for messages
};

// Parses "PATH=V1,V2,..."; throws InputError on a missing "=", an empty path,
// an empty value, or bytes that are not UTF-8 text.
Sweep parse_sweep(std::string_view text);

// A scenario file, parsed once, from which variants are loaded.
class ScenarioFile {
 public:
  // Reads and parses the file ("-": standard input); InputError if it cannot
  // be read or is not JSON. Every variant is held to `limits`. Errors about a
  // variant read "FILE: --set PATH=VALUE: what is wrong". A machine profile
  // fills in the settings the file leaves out, before any --set: every
  // variant is loaded from the filled-in JSON.
  explicit ScenarioFile(const std::string& path, const std::optional<MachineProfile>& machine = std::nullopt,
                        const SizeLimits& limits = {});
  ~ScenarioFile();
  ScenarioFile(const ScenarioFile&) = delete;
  ScenarioFile& operator=(const ScenarioFile&) = delete;

  // Checks each value of `sweep` on its own (the path can be set and the
  // scenario with that value loads); InputError naming the option otherwise.
  // `others` (if given) are applied at their first values: a setting may
  // need another (scheduler.latency needs scheduler.policy=cfs).
  void check(const Sweep& sweep, const std::vector<Sweep>& others = {}) const;

  // The scenario with sweeps[i] set to sweeps[i].values[choice[i]].
  Scenario load(const std::vector<Sweep>& sweeps, const std::vector<std::size_t>& choice) const;

 private:
  struct Document;
  InputError sweep_error(const std::string& settings, const InputError& e) const;
  std::string path_;
  SizeLimits limits_;
  std::unique_ptr<Document> document_;
};

// The scenario file as run and verify load it: as load_scenario_file does
// without a machine profile (one parse), else through ScenarioFile, which
// fills the profile's settings in.
Scenario load_scenario_with_machine(const std::string& path, const std::optional<MachineProfile>& machine,
                                    const SizeLimits& limits = {});

}  // namespace gilsim

#pragma once
// Applying a machine profile to a scenario's JSON, before the loader reads it
// (ScenarioFile does it, for run, compare and verify alike). Kept out of
// machine_profile.h so that only sim/scenario sees JSON.

#include "scenario/json_reader.h"
#include "scenario/machine_profile.h"

namespace gilsim {

// Adds each of the profile's settings that `scenario` does not set, creating
// the "gil", "costs" or "scheduler" object if the scenario has none. A
// scenario that is not an object, or whose section is not one, is left as it
// is: the loader then reports the scenario's own mistake.
void fill_in_machine(Json& scenario, const MachineProfile& machine);

}  // namespace gilsim

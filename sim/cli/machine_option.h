#pragma once
// `--machine FILE`, as run, compare and verify take it (docs/calibrate.md).

namespace gilsim {

inline constexpr const char* kMachineOptionHelp =
    "a machine profile (gilsim calibrate -o FILE): its timer slack, GIL and costs settings "
    "fill in those the scenario does not set";

}  // namespace gilsim

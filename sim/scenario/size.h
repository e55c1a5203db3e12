#pragma once
// How big a scenario becomes once its copies are expanded, measured on the
// structs before anything is allocated for the run: `count` on processes and
// threads multiplies threads, and a start or join of all copies of a thread
// compiles to one instruction per copy. A few lines of JSON can ask for 10^12
// threads; this is where that becomes a clear error instead of an
// out-of-memory kill.

#include <cstdint>
#include <string>

#include "model/scenario.h"

namespace gilsim {

// What the simulator allocates in proportion to the scenario (saturating at
// UINT64_MAX). `repeat` is not expanded: a loop costs two instructions and one
// counter per running thread, whatever its count.
struct ScenarioSize {
  std::uint64_t threads = 0;        // every copy of every thread of every process copy
  std::uint64_t script_steps = 0;   // compiled instructions plus per-thread loop counters
  // Locks, rlocks, semaphores, events and queues of every process copy; held to
  // the thread limit (each costs about as much memory as a thread).
  std::uint64_t syncs = 0;
};
ScenarioSize measure_scenario(const Scenario& scenario);

// Thread and instruction indices are 32-bit; these ceilings keep them so.
inline constexpr std::uint64_t kMaxThreadsCeiling = 4'000'000'000;
inline constexpr std::uint64_t kMaxScriptStepsCeiling = 4'000'000'000;

// The defaults keep a run within a few GB of memory (docs/robustness.md has the
// measurements); the command line can raise them.
struct SizeLimits {
  std::uint64_t max_threads = 10'000'000;
  std::uint64_t max_script_steps = 10'000'000;
};

// Throws InputError "LABEL: PATH: ..." naming the process or thread that
// contributes most, the total, the limit and the option that raises it.
void check_scenario_size(const Scenario& scenario, const SizeLimits& limits, const std::string& label);

}  // namespace gilsim

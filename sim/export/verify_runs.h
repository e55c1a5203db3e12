#pragma once
// The two sides verify compares, as RunRecords: the simulation's prediction
// (through the model's public interface, as compare does) and the report an
// exported program prints (its JSON read here, at the edge).

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "export/verify_compare.h"
#include "model/scenario.h"

namespace gilsim {

struct Prediction {
  RunRecord record;
  RunStop stop = RunStop::drained;
  Time end = 0;
  std::optional<std::string> deadlock;       // the model's message
  std::optional<std::string> program_error;  // the first forbidden release
};

Prediction predict(const Scenario& scenario, const RunLimits& limits);

// Leaves out of `predicted` the threads that an exported program cannot time,
// a process pool's manager and feeder threads (concurrent.futures starts
// them, under names of its own), and says which and why; nothing when there
// are none. What they do still shows in the other threads' times.
std::optional<std::string> leave_out_unmeasured(const Scenario& scenario, RunRecord& predicted);

// Whether some print of the scenario shows {time} (verify then compares the
// texts with durations masked: real times differ from predicted ones).
bool prints_time(const Scenario& scenario);

struct MeasuredRun {
  RunRecord record;
  std::string outcome;                      // "completed", "program error", "failed"
  std::vector<std::string> not_reproduced;  // what the program said it could not reproduce
  std::vector<std::string> errors;
  std::string python;  // "cpython 3.11.7"
  std::string executable;
  std::string native;  // how native compute was done: "hashlib.sha256"
};

// The JSON an exported program printed; throws std::runtime_error saying
// what is wrong with it.
MeasuredRun parse_measured_run(std::string_view json);

}  // namespace gilsim

#pragma once
// What `gilsim verify` prints: the side-by-side table (text) or the same as
// JSON, with the order of printed lines, what was not reproduced and the verdict.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "export/verify_compare.h"

namespace gilsim {

struct VerifyReport {
  std::string scenario_file;
  std::string scenario_name;
  std::string interpreter;  // as given: "python3"
  std::string python;       // what it is: "cpython 3.11.7"
  std::string executable;
  std::string native;       // how native compute ran, if any
  std::uint32_t cores = 1;
  std::size_t runs = 0;     // asked for
  std::string time_scale;   // empty: 1
  std::string machine;      // the --machine profile the prediction used, if any
  std::vector<std::string> not_reproduced;  // from the programs, each once
  bool masked_times = false;                // prints show {time}: texts compared with durations masked
  Time tie_window = 0;                      // lines this close together from different threads are a tie
  std::optional<std::string> program_error;  // the model's first forbidden release (the program makes it too)
  std::optional<std::string> not_compared;   // threads the program cannot time, left out, and why
  // The model predicts a deadlock: then the program ran once and either
  // finished (not reproduced) or was stopped after `waited` seconds.
  std::optional<std::string> deadlock;
  bool deadlock_reproduced = false;
  double waited = 0;
  VerifyComparison comparison;  // when no deadlock is predicted

  bool agrees() const { return deadlock ? deadlock_reproduced : comparison.agrees(); }
};

void write_verify_text(std::ostream& out, const VerifyReport& report);
void write_verify_json(std::ostream& out, const VerifyReport& report);

}  // namespace gilsim

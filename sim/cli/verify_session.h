#pragma once
// gilsim verify's work once its flags are read: the exported program run K
// times, the simulation, and the comparison (docs/verify.md). A function of
// its own so that every entry point (the command, the Python module) verifies
// the same way.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "engine/time.h"
#include "export/verify_report.h"
#include "model/scenario.h"

namespace gilsim {

struct VerifyCall {
  std::string label;           // the scenario as messages and the report name it
  std::string python = "python3";
  unsigned runs = 5;
  double tolerance = 5;        // percent
  Time tie_window = 500 * kMicrosecond;
  bool cores_given = false;    // the cores were asked for (--cores), not the file's
  std::string time_scale;      // as written ("" = 1), already applied to the scenario
  std::string machine;         // the --machine profile's file, if any, for the report
  bool progress = false;       // a progress line on `err` (a terminal)
};

struct VerifyOutcome {
  int exit_code = 0;                   // 0 agrees, 6 disagrees, 4 the simulation stopped, 7 a run failed
  std::optional<VerifyReport> report;  // for 0 and 6; 4 and 7 said why on `err`
};

// A UsageError when `scenario` asks for more cores than this process may use
// (sched_getaffinity): a real run cannot show what they would do.
void check_verify_cores(const Scenario& scenario, const VerifyCall& call);

// `scenario` as it is to be run (cores and time scale applied); its cores are
// checked first, as above.
VerifyOutcome verify_scenario(const Scenario& scenario, const VerifyCall& call, std::ostream& err);

}  // namespace gilsim

// What gilsim says on standard error (after "error: ") about a run or a grid
// that did not simply finish. One place for the command line and the Python
// module, which raises these as its exceptions' messages.
#pragma once

#include <cstdint>
#include <string>

#include "compare/comparison.h"
#include "engine/engine.h"
#include "model/roster.h"
#include "model/simulation.h"

namespace gilsim {

// A run of `label` that ended with exit `code`: the limit that stopped it
// ("LABEL: stopped at T: --max-events N reached; ..."), its program error or
// its deadlock; "" for any other code. `max_time` as the user wrote it,
// `max_output` the --max-output bytes.
std::string run_outcome_message(const std::string& label, const Roster& roster, const Outcome& outcome, int code,
                                const RunLimits& limits, const std::string& max_time, std::uint64_t max_output);

// A grid one of whose runs a limit stopped: "LABEL: WHICH RUN: stopped at T: REASON".
std::string comparison_stop_message(const std::string& label, const Comparison& comparison, const RunLimits& limits,
                                    const std::string& max_time);

}  // namespace gilsim

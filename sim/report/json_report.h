#pragma once
// The machine-readable report: the whole RunResult as pretty-printed JSON with
// keys in a fixed order, so that two runs of one scenario give the same bytes.

#include <ostream>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

void write_json_report(std::ostream& out, const Roster& roster, const RunResult& result);

}  // namespace gilsim

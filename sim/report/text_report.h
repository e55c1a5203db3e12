#pragma once
// The terminal view of a run: header, the program's output, an ASCII timeline
// (cores, GILs, thread states, concurrency and parallelism on one time axis)
// and summary tables. ASCII only, deterministic, no line longer than `width`
// (widths below 40 are treated as 40).

#include <ostream>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

void write_text_report(std::ostream& out, const Roster& roster, const RunResult& result, int width);

}  // namespace gilsim

#pragma once
// The run as one self-contained HTML page that opens in any browser, offline:
// a Gantt chart (a lane per core, per process GIL and per thread, coloured by
// state), the concurrency and parallelism curves under it, hover details, zoom
// and pan on the time axis, the program's output and the summary tables of the
// text view. Inline CSS, SVG drawn by a small inline script, no network.
// Same run, same bytes.

#include <ostream>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

void write_html_report(std::ostream& out, const Roster& roster, const RunResult& result);

}  // namespace gilsim

#pragma once
// The run as one self-contained HTML page that opens in any browser, offline:
// a Gantt chart (a lane per core, per process GIL and per thread, coloured by
// state), the concurrency and parallelism curves under it, hover details, zoom
// and pan on the time axis, the program's output and the summary tables of the
// text view. Inline CSS, SVG drawn by a small inline script, no network.
// Same run, same bytes.
//
// `result` needs only the totals (RecorderDetail::totals); the chart comes
// from `timeline`, which saw the same run (both fed through an ObserverTee),
// so memory does not grow with the number of events.

#include <ostream>

#include "model/roster.h"
#include "report/html_lanes.h"
#include "report/result.h"

namespace gilsim {

void write_html_report(std::ostream& out, const Roster& roster, const RunResult& result, const HtmlTimeline& timeline);

}  // namespace gilsim

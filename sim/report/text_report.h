#pragma once
// The terminal view of a run: header, the program's output, an ASCII timeline
// (cores, GILs, thread states, concurrency and parallelism on one time axis)
// and summary tables. ASCII only, deterministic, no line longer than `width`
// (widths below 40 are treated as 40).

#include <ostream>

#include "model/roster.h"
#include "report/result.h"
#include "report/timeline.h"

namespace gilsim {

// Timeline options for a report `width` characters wide: at least 8 buckets
// per column (2048 up to width 256, 8192 at width 1000), so that which
// symbol a column shows rarely depends on how a bucket straddles its edges.
TimelineOptions text_timeline_options(int width);

// The tables come from `result`, which may be recorded with
// RecorderDetail::totals; the lanes come from `timeline`, which watched the
// same run. Memory and time do not depend on the number of events.
void write_text_report(std::ostream& out, const Roster& roster, const RunResult& result, const Timeline& timeline,
                       int width);

// The same from a full-detail result alone (RecorderDetail::full): its
// intervals are replayed into a Timeline that keeps them all, so the lanes are
// exact whatever the size of the run.
void write_text_report(std::ostream& out, const Roster& roster, const RunResult& result, int width);

}  // namespace gilsim

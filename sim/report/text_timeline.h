#pragma once
// The ASCII timeline of the text report: a time axis, a lane per drawn core,
// GIL, lock and thread, the concurrency and parallelism levels, and the key
// to the symbols, in `width` columns.

#include <cstddef>
#include <ostream>

#include "model/roster.h"
#include "report/numbers.h"
#include "report/result.h"
#include "report/timeline.h"

namespace gilsim {

// `timeline` watched the run whose totals are `result`; its makespan is > 0.
// Times on the axis are in `unit`.
void write_text_timeline(std::ostream& out, const Roster& roster, const RunResult& result, const Timeline& timeline,
                         std::size_t width, const Unit& unit);

}  // namespace gilsim

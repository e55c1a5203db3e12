#pragma once
// The machine-readable report: the whole RunResult as pretty-printed JSON with
// keys in a fixed order, so that two runs of one scenario give the same bytes.

#include <cstdint>
#include <ostream>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

// full: every state interval, GIL holder and curve point (`--format json`).
// summary: totals only, no per-event data (`--format summary`), for big runs.
enum class JsonDetail : std::uint8_t { full, summary };

void write_json_report(std::ostream& out, const Roster& roster, const RunResult& result,
                       JsonDetail detail = JsonDetail::full);

}  // namespace gilsim

#pragma once
// The run in the Chrome Trace Event Format: the JSON that ui.perfetto.dev,
// chrome://tracing and speedscope open, so a simulated run can be studied with
// the tools used for real ones.
//
// Layout (all numbers stable, derived from indices; pids and tids never share
// a value, so no viewer mistakes a track for some process's main thread):
//   pid p+1            simulated process p ("app"), sorted after the CPU
//     tid P+2+t        thread t: one complete ("X") slice per state, prints as instants
//     tid P+2+T+p      "GIL": one slice per holder, flow arrows for hand-offs
//   pid P+1            "CPU", sorted first
//     tid P+2+T+P+c    "core c": one slice per thread that ran on it
//   after those, numbered in order from P+2+T+P+C: one track per lock, rlock,
//   semaphore permit (in its process) and device channel (in the CPU), with a
//   slice per hold named by its holder; a semaphore or device has as many
//   tracks as it had holders at once, each hold on the lowest free one
//     counters         concurrency (threads alive) and parallelism (threads on a core)
// where P is the number of processes and T the number of threads.
//
// Timestamps are microseconds, as the format requires, written exactly from
// integer nanoseconds with three decimals ("1.500"): a slice's end is written
// as the same decimal as the next slice's start, so no viewer sees an overlap.
// Events are streamed one per line in a fixed order: same run, same bytes.

#include <ostream>
#include <string>

#include "model/roster.h"
#include "report/result.h"

namespace gilsim {

void write_chrome_trace(std::ostream& out, const Roster& roster, const RunResult& result);

// `t` nanoseconds as exact decimal microseconds: 0 -> "0.000", 1500 -> "1.500".
std::string trace_micros(Time t);

}  // namespace gilsim

#pragma once
// `--time-scale F` of export-python and verify: every duration of the
// program's own steps (compute, sleep, io, event-wait timeouts, queue items'
// work) and every start_cost a process sets itself times F, rounded to the nearest
// nanosecond. The interpreter's and the machine's settings (switch interval,
// quantum, timer slack, costs) stay as they are: the real machine's do not
// scale. A tutorial that sleeps for seconds then checks in milliseconds.

#include <string>

#include "model/scenario.h"

namespace gilsim {

// Throws std::invalid_argument unless 0 < factor <= 1000.
void scale_durations(Scenario& scenario, double factor);

// The factor in a flag's value ("0.01"): a number from 0 (excluded) to 1000.
// Throws std::invalid_argument with the reason.
double parse_time_scale(const std::string& text);

}  // namespace gilsim

#pragma once
// The run's settings in words, for report headers: the policy and its
// settings, the GIL model and its. The model has the numbers; the reports
// say what they are.

#include <string>

#include "model/scenario.h"

namespace gilsim {

// How a report writes times: "5.000 ms" (the text report's fixed columns) or
// "5ms" (as a scenario file would write them).
enum class TimeStyle : std::uint8_t { fixed, duration };

// "round_robin, quantum 10.000 ms", "cfs, latency 12.000 ms, ...": the policy,
// its settings, the context switch and the timer slack when set.
std::string describe_scheduler(const Scenario& scenario, TimeStyle style);
// The GIL settings that matter for gil.model: "switch interval 5.000 ms",
// "cpython2: check interval 5us, ...", "none (free-threaded), ...".
std::string describe_gil(const GilSpec& gil, TimeStyle style);
// The costs and how the program starts and prints: "Thread.start() 45us (the
// first 160us) + 60us, Process.start() 3ms + 8ms, print 6us (stdout line-buffered), I/O
// +55us, wake-up +30us", the parts that are not zero.
std::string describe_costs(const Scenario& scenario, TimeStyle style);

}  // namespace gilsim

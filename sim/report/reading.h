#pragma once
// The plain-words reading of a run that the text and HTML views print under
// their numbers: only what the numbers leave no doubt about.

#include <string>

#include "report/result.h"

namespace gilsim {

// "Average parallelism 0.96 on 2 cores and never above 1: the threads ran
// concurrently but not in parallel. Threads spent 105.000 ms in total waiting
// for a GIL." Empty when there is nothing clear to say.
std::string plain_reading(const RunResult& result, std::uint32_t cores);

}  // namespace gilsim

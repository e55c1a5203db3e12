#pragma once
// The program `gilsim calibrate` runs: standalone Python (standard library
// only; CPython 3.8+, and 2.7 and 3.6 with fewer figures) that measures what
// each machine setting of the model stands for and prints the figures as
// JSON on stdout, with "progress: ..." lines on stderr (docs/calibrate.md has
// each measurement's mechanism). Run as `python calibrate.py RUNS`. Kept as
// Python text in C++ so that gilsim is one binary.

#include <string>
#include <string_view>

namespace gilsim {

// The whole program: the two parts below, in order.
std::string calibrate_program();

// Clocks, summaries, and what one process measures alone: timers, a print,
// wake-ups, the GIL hand-off, thread starts.
std::string_view calibrate_program_measures();
// Process starts per start method, compute with several cores busy, forced
// switches on one core, the machine's description, and the main program.
std::string_view calibrate_program_processes();

}  // namespace gilsim

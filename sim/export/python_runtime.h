#pragma once
// The runtime of every exported program: Python (2.7 and 3.8+) that performs
// each kind of step for real, records what happened and reports it as JSON.
// The program is the five parts in order, then the scenario's own code
// (python_program.h). Kept as Python text in C++ so that gilsim is one binary.

#include <string_view>

namespace gilsim {

// Imports, clocks, {time}'s format, native work, affinity and nice.
std::string_view python_runtime_core();
// ScriptThread (`me` in a thread's function: every step), the primitives, a thread's life.
std::string_view python_runtime_threads();
// A process copy's life, the checks made before the run, the JSON report, the launch.
std::string_view python_runtime_processes();
// The scenario's multiprocessing queues and shared objects (mp_queues, mp_shared).
std::string_view python_runtime_shared();
// concurrent.futures: executors' workers named as gilsim names them and recorded as threads.
std::string_view python_runtime_pools();

}  // namespace gilsim

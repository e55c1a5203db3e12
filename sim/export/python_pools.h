#pragma once
// The exported program's concurrent.futures code (docs/pools.md): each task a
// module-level function with the bytes it takes and returns, each executor a
// module-level ThreadPoolExecutor or ProcessPoolExecutor. Threads submit to
// them in their steps (python_steps.h); the runtime (python_runtime.h) names
// the workers as gilsim does and records their times.

#include <string>
#include <vector>

#include "export/python_names.h"
#include "model/scenario.h"

namespace gilsim {

// Every task of every process, with its arguments and result.
void write_task_functions(const Scenario& scenario, const std::vector<ProcessPythonNames>& names,
                          std::vector<std::string>& lines);

// Every executor of every process, made at module level (each OS process has
// its own; only its process uses it).
void write_executors(const Scenario& scenario, const std::vector<ProcessPythonNames>& names,
                     std::vector<std::string>& lines);

// The first lines of a thread's function: a list for the futures of each
// executor its steps submit to.
void write_futures_lists(const ProcessSpec& process, const ProcessPythonNames& names, const std::vector<Step>& steps,
                         std::vector<std::string>& lines);

// The last lines of a process's main thread's function: its steps are over,
// and its executors are shut down (wait), as CPython's exit handler does.
void write_exit_shutdowns(const ProcessSpec& process, const ProcessPythonNames& names,
                          std::vector<std::string>& lines);

// The worker processes' spec names of a process's process pools, for the runtime.
std::vector<std::string> process_pool_names(const Scenario& scenario, const ProcessSpec& process);

}  // namespace gilsim

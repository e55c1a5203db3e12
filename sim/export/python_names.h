#pragma once
// The names the exported program gives what a scenario names: each thread's
// function, each task's function and the bytes of its arguments and result,
// each executor's module-level variable and the list of futures a thread keeps
// for it. Every name is an identifier unique in the program and free of the
// runtime's names (python_text.h).

#include <string>
#include <vector>

#include "model/scenario.h"

namespace gilsim {

struct ProcessPythonNames {
  // Per thread spec: its function; empty for a pool's own threads (workers,
  // manager, feeder), which run CPython's code, not a script.
  std::vector<std::string> threads;
  // Per task: its function, and the module-level bytes passed to it and returned by it.
  std::vector<std::string> tasks, task_args, task_results;
  // Per executor: its module-level variable, and the list of the futures a
  // thread submitted to it and has not waited for (a local of the thread's function).
  std::vector<std::string> executors, futures;
};

// Per process spec. A name is the scenario's name as an identifier when no
// other thing of its kind has it, else prefixed with its process's name
// ("app_main"), else numbered ("app_main_2").
std::vector<ProcessPythonNames> python_names(const Scenario& scenario);

}  // namespace gilsim
